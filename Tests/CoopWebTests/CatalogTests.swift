import CoopDomain
import Foundation
import Testing

@testable import CoopWeb

@Suite struct CatalogTests {
    @Test func templatesLoadAndRender() async throws {
        let catalog = try Catalog.load()
        let renderer = try await PageRenderer.load(catalog: catalog, configuration: WebConfiguration(publicURL: "http://x"))
        #expect(renderer.library.getTemplate(named: "welcome") != nil)
        #expect(renderer.library.getTemplate(named: "layout") != nil)
        let text = renderer.library.render(["t": catalog.tree(.english), "title": "T"], withTemplate: "welcome")
        #expect(text?.contains("Skip to main content") == true)
    }
}
