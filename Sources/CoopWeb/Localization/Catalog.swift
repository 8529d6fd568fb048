import CoopDomain
import Foundation

/// The English and Spanish message catalogues. Every string a user sees comes from here.
public struct Catalog: Sendable {
    private let tables: [Language: [String: String]]

    /// Loads `Resources/Locales/<code>.json` for every language.
    public static func load() throws -> Catalog {
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            guard let url = Bundle.module.url(forResource: language.rawValue, withExtension: "json", subdirectory: "Resources/Locales"),
                let tree = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
            else { throw CatalogError.missing(language.rawValue) }
            tables[language] = flatten(tree, prefix: "")
        }
        return Catalog(tables: tables)
    }

    /// The catalogue files group keys by page (`{"signin": {"title": …}}`); code names them `signin.title`.
    private static func flatten(_ tree: [String: Any], prefix: String) -> [String: String] {
        var flat: [String: String] = [:]
        for (key, value) in tree {
            let name = prefix.isEmpty ? key : prefix + "." + key
            if let text = value as? String { flat[name] = text }
            if let subtree = value as? [String: Any] { flat.merge(flatten(subtree, prefix: name)) { first, _ in first } }
        }
        return flat
    }


    /// One string; falls back to English, then to the key itself so a gap is visible, never a crash.
    public func text(_ key: String, _ language: Language) -> String {
        tables[language]?[key] ?? tables[.english]?[key] ?? key
    }

    /// One string with `{name}` placeholders filled in.
    public func text(_ key: String, _ language: Language, _ values: [String: String]) -> String {
        values.reduce(text(key, language)) { result, pair in result.replacingOccurrences(of: "{\(pair.key)}", with: pair.value) }
    }

    /// Every key of a language.
    public func keys(_ language: Language) -> Set<String> { Set(tables[language]?.keys ?? [:].keys) }
}

/// A catalogue that could not be loaded.
enum CatalogError: Error {
    case missing(String)
}
