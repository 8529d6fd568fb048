import CoopTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CoopWeb

/// The public search API refuses what its document does not allow, with a JSON error, and accepts what it does.
@Suite struct TherapistSearchAPITests {
    @Test(arguments: [
        ("state=CA", HTTPResponse.Status.ok), ("state=CA&language=es&modality=couples&delivery=in-person&sliding=1", .ok),
        ("state=CA&modality=&delivery=&sliding=", .ok), ("state=CA&sliding=on", .ok),
        ("state=ZZ", .badRequest), ("state=CA&modality=astral", .badRequest), ("state=CA&delivery=pigeon", .badRequest),
        ("state=CA&sliding=maybe", .badRequest), ("state=CA&language=not a language", .badRequest), ("", .badRequest),
    ])
    func parameters(query: String, status: HTTPResponse.Status) async throws {
        try await withApp { _, client in
            let response = try await client.execute(uri: "/api/v1/therapists/search?" + query, method: .get)
            #expect(response.status == status, "\(query)")
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            if status == .badRequest { #expect(response.text.contains("\"requestId\"")) }
        }
    }
}
