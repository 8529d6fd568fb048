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

    @Test(arguments: [("limit=0", "limit"), ("limit=101", "limit"), ("limit=ten", "limit"), ("offset=-1", "offset"), ("offset=100001", "offset"), ("offset=1.5", "offset"), ("offset=", "offset"), ("limit=", "limit")])
    func badPagesAreRefusedWithTheField(query: String, field: String) async throws {
        try await withApp { _, client in
            let response = try await client.execute(uri: "/api/v1/therapists/search?state=CA&" + query, method: .get)
            #expect(response.status == .badRequest, "\(query)")
            #expect(response.text.contains(field == "limit" ? "page size must be a whole number from 1 to 100" : "from 0 to 100000"), "\(query)")
        }
    }

    @Test func theAnswerComesInPagesThatTogetherHoldEveryTherapistOnce() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            var made: Set<String> = []
            for index in 1...5 {
                made.insert(try await CareTestData.therapist(services.database, name: "Paged Therapist \(index)", states: [.CA]).id.rawValue)
            }
            var seen: [String] = []
            var ranks: [Int] = []
            var address: String? = "/api/v1/therapists/search?state=CA&limit=2"
            var pages = 0
            while let next = address, pages < 10 {
                let response = try await client.execute(uri: next, method: .get)
                #expect(response.status == .ok)
                let body = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
                #expect(body["total"] as? Int == 5 && body["limit"] as? Int == 2 && body["offset"] as? Int == pages * 2)
                let results = try #require(body["results"] as? [[String: Any]])
                #expect(results.count == (pages < 2 ? 2 : 1))
                seen += results.compactMap { $0["id"] as? String }
                ranks += results.compactMap { $0["rank"] as? Int }
                address = body["next"] as? String
                pages += 1
            }
            #expect(pages == 3)
            #expect(Set(seen) == made && seen.count == 5)
            #expect(ranks == [1, 2, 3, 4, 5])
            // Past the end: an empty page, not an error.
            let past = try await client.execute(uri: "/api/v1/therapists/search?state=CA&offset=50", method: .get)
            #expect(past.status == .ok && past.text.contains("\"results\":[]"))
        }
    }

    @Test func theDirectoryPageShowsTwentyAtATimeWithLinksToTheOtherPages() async throws {
        try await withApp(clock: TestClock(CareTestData.monday)) { services, client in
            for index in 1...23 {
                _ = try await CareTestData.therapist(services.database, name: "Listed Therapist \(index)", states: [.CA])
            }
            let first = try await client.execute(uri: "/therapists?state=CA", method: .get)
            #expect(first.status == .ok)
            #expect(first.text.contains("Showing 1–20 of 23 therapists."))
            #expect(first.text.components(separatedBy: "<li class=\"result\">").count - 1 == 20)
            let next = try #require(first.text.firstMatch(of: /href="([^"]+)" rel="next"/)).1
            #expect(!first.text.contains("rel=\"prev\""))
            let second = try await client.execute(uri: String(next).replacingOccurrences(of: "&amp;", with: "&"), method: .get)
            #expect(second.text.contains("Showing 21–23 of 23 therapists."))
            #expect(second.text.contains("start=\"21\""))
            #expect(second.text.contains("rel=\"prev\"") && !second.text.contains("rel=\"next\""))
            let bad = try await client.execute(uri: "/therapists?state=CA&offset=x", method: .get)
            #expect(bad.status == .badRequest && bad.text.contains("The page asked for does not exist"))
        }
    }
}

