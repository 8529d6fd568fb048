import CoopDomain
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CoopWeb

@Suite struct PagesTests {
    @Test func welcomePageRendersInEnglishAndSpanish() async throws {
        try await withApp { _, client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains("<html lang=\"en\">"))
                #expect(body.contains("Skip to main content"))
            }
            try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "es-MX,es;q=0.9,en;q=0.5"]) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("<html lang=\"es\">"))
                #expect(body.contains("Ir al contenido principal"))
            }
        }
    }
}
