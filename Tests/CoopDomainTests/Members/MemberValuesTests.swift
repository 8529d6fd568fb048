import CoopDomain
import Foundation
import Testing

@Suite struct MemberValuesTests {
    @Test(arguments: ["a@example.org", "  Person.Name+tag@Example.ORG ", "x@sub.domain.example"])
    func acceptsEmails(text: String) throws {
        let email = try EmailAddress(text)
        #expect(email.value == text.trimmingCharacters(in: .whitespaces).lowercased())
    }

    @Test(arguments: ["", "no-at-sign", "a@b", "a@@b.org", "a b@c.org", "@example.org", "a@.example.org", "a@example..org",
                      String(repeating: "a", count: 250) + "@x.org", "a@exam\nple.org", "\"a\"@example.org"])
    func refusesEmails(text: String) {
        #expect(throws: MemberError.invalidEmail) { try EmailAddress(text) }
    }

    @Test func names() throws {
        #expect(try DisplayName("  Robin Example ").value == "Robin Example")
        #expect(throws: MemberError.invalidName(.empty)) { try DisplayName("   ") }
        #expect(throws: MemberError.invalidName(.tooLong(maximum: 100))) { try DisplayName(String(repeating: "n", count: 10_000)) }
        #expect(throws: MemberError.invalidName(.controlCharacters)) { try DisplayName("Robin\u{0007}") }
        #expect(try DisplayName("José Ñúñez 李").value == "José Ñúñez 李")
    }

    @Test(arguments: [
        ("es-MX,es;q=0.9,en;q=0.8", Language.spanish), ("en-US,en;q=0.9", .english), ("fr-FR, es;q=0.5, en;q=0.4", .spanish),
        ("de, fr", nil), ("en;q=0.2, es;q=0.8", .spanish), ("es;q=0, en", .english), ("", nil),
    ] as [(String, Language?)])
    func acceptLanguage(header: String, expected: Language?) {
        #expect(Language.preferred(fromAcceptLanguage: header) == expected)
    }

    @Test func memberIDs() {
        #expect(MemberID(rawValue: "not-a-uuid") == nil)
        let id = MemberID.make()
        #expect(MemberID(rawValue: id.rawValue.uppercased()) == id)
    }
}

@Suite struct AuditEntryTests {
    func entry(detail: String?, actor: String? = "m1") -> AuditEntry {
        AuditEntry(
            sequence: 7, at: Date(timeIntervalSince1970: 1_800_000_000.123), actor: actor, onBehalfOf: nil, client: nil, action: .read,
            resourceType: "clinical-note", resourceID: "n1", outcome: .success, sourceAddress: "127.0.0.1", requestID: "r1", detail: detail,
            previousHash: "abc"
        )
    }

    @Test func canonicalFormSeparatesNilFromEmptyAndFieldsFromEachOther() {
        #expect(entry(detail: nil).canonicalBytes != entry(detail: "").canonicalBytes)
        // Moving characters between adjacent fields must change the encoding.
        #expect(entry(detail: "x", actor: "m1").canonicalBytes != entry(detail: "1x", actor: "m").canonicalBytes)
        #expect(entry(detail: "d").atMilliseconds == 1_800_000_000_123)
    }
}
