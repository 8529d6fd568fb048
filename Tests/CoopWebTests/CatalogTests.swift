import CoopDomain
import Foundation
import Testing

@testable import CoopWeb

@Suite struct CatalogTests {
    @Test func bothCataloguesHaveTheSameKeysAndNoEmptyText() throws {
        let catalog = try Catalog.load()
        #expect(catalog.keys(.english) == catalog.keys(.spanish))
        for language in Language.allCases {
            for key in catalog.keys(language) {
                #expect(!catalog.text(key, language).trimmingCharacters(in: .whitespaces).isEmpty, "\(language) \(key)")
            }
        }
    }

    @Test(arguments: [
        ("Hello {name}.", ["name": "Ana"], "Hello Ana."),
        ("{a}{b}", ["a": "1", "b": "2"], "12"),
        ("{a} and {a}", ["a": "x"], "x and x"),
        // A value is never searched for placeholders itself, and an unknown or unclosed placeholder stays as written.
        ("Title: {title} by {name}", ["title": "About {name}", "name": "Bo"], "Title: About {name} by Bo"),
        ("{missing} {name}", ["name": "Cy"], "{missing} Cy"),
        ("Open { brace {name", ["name": "Di"], "Open { brace {name"),
        ("Año {n} – {n}", ["n": "ñ"], "Año ñ – ñ"),
    ])
    func placeholdersAreFilledInOnePass(template: String, values: [String: String], expected: String) {
        let catalog = Catalog(tables: [.english: ["k": template]])
        #expect(catalog.text("k", .english, values) == expected)
    }

    @Test func everyStringATemplateUsesIsInTheCatalogue() throws {
        let catalog = try Catalog.load()
        for (name, text) in try PageRenderer.templateSources() {
            let missing = text.matches(of: /\{\{\s*t\.([A-Za-z0-9_.\-]+)\s*\}\}/).map { String($0.1) }.filter { !catalog.keys(.english).contains($0) }
            #expect(missing.isEmpty, "\(name): \(missing)")
        }
    }

    @Test func everyMessageKeyTheCodeNamesIsInTheCatalogue() throws {
        let catalog = try Catalog.load()
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var missing: [String] = []
        for case let file as URL in enumerator where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /"((?:error|mfa|account|members|audit|invite|setup|signin|home|role|language|common|member)\.[a-z0-9_.\-]*[a-z0-9_])"/) {
                if !catalog.keys(.english).contains(String(match.1)) { missing.append("\(file.lastPathComponent): \(match.1)") }
            }
        }
        #expect(missing.isEmpty, "\(missing)")
    }

    @Test func templatesRenderInEachLanguageWithEscaping() async throws {
        let catalog = try Catalog.load()
        let renderer = try await PageRenderer.load(catalog: catalog, configuration: WebConfiguration(publicURL: "http://x"))
        let english = try #require(renderer.libraries[.english]?.render(["title": "T"], withTemplate: "welcome"))
        let spanish = try #require(renderer.libraries[.spanish]?.render(["title": "T"], withTemplate: "welcome"))
        #expect(english.contains("Skip to main content"))
        #expect(spanish.contains("Ir al contenido principal"))
        #expect(PageRenderer.escapeHTML("co-op's <b>\"&\"</b>") == "co-op&#39;s &lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;")
        #expect(english.contains("co-op&#39;s") || !catalog.text("layout.footer", .english).contains("'"))
    }
}
