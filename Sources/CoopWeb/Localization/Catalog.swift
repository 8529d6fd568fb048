import CoopDomain
import Foundation

/// The English and Spanish message catalogues. Every string a user sees comes from here.
public struct Catalog: Sendable {
    private let tables: [Language: [String: String]]

    /// A catalogue of the given texts by language and flat key (`load()` reads the real ones).
    init(tables: [Language: [String: String]]) {
        self.tables = tables
    }

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

    /// One string with `{name}` placeholders filled in, in one pass: a value is never searched for placeholders itself
    /// (a name a member typed that contains `{title}` stays as typed), and a placeholder with no value stays as it is.
    public func text(_ key: String, _ language: Language, _ values: [String: String]) -> String {
        let template = text(key, language)
        guard !values.isEmpty else { return template }
        var result = ""
        result.reserveCapacity(template.utf8.count + 16)
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let after = rest.index(after: open)
            guard let close = rest[after...].firstIndex(of: "}") else {
                rest = rest[open...]
                break
            }
            let name = String(rest[after..<close])
            if let value = values[name] { result += value } else { result += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    /// Every key of a language.
    public func keys(_ language: Language) -> Set<String> { Set(tables[language]?.keys ?? [:].keys) }
}

/// A catalogue that could not be loaded.
enum CatalogError: Error {
    case missing(String)
}
