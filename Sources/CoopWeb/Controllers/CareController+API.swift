import CoopApp
import CoopDomain
import Foundation
import Hummingbird

extension CareController {
    /// The API's page size when `limit` is not given, and the largest it accepts.
    static let apiPageSize = 25
    static let apiLargestPage = 100
    /// The directory page's page size.
    static let directoryPageSize = 20

    /// `GET /api/v1/therapists/search`: the ranked directory as JSON.
    struct SearchResponse: ResponseEncodable {
        /// This page of the ranked therapists, best first.
        var results: [Therapist]
        /// How many therapists matched in all.
        var total: Int
        /// How many come before this page.
        var offset: Int
        /// The page size asked for.
        var limit: Int
        /// The address of the next page, or nil (sent as null) on the last one.
        var next: String?

        private enum CodingKeys: String, CodingKey { case results, total, offset, limit, next }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(results, forKey: .results)
            try container.encode(total, forKey: .total)
            try container.encode(offset, forKey: .offset)
            try container.encode(limit, forKey: .limit)
            try container.encode(next, forKey: .next)
        }

        /// One ranked therapist.
        struct Therapist: Encodable {
            var id: String
            var name: String
            var rank: Int
            var score: Int
            var reasons: [String]
            var concerns: [String]
            var languages: [String]
            var modalities: [String]
            var deliveries: [String]
            var slidingScalePlaces: Int
            var firstOpening: String?
            var credentials: [CredentialDTO]
            /// The photo's address, or null (written out, not left away) when there is none.
            var photo: PhotoLink

            init(_ entry: DirectoryEntry, catalog: Catalog, language: Language, photo: String? = nil) {
                self.photo = PhotoLink(path: photo)
                let profile = entry.therapist.profile
                id = entry.therapist.id.rawValue
                name = entry.therapist.displayName
                rank = entry.match.rank
                score = entry.match.score
                reasons = entry.match.reasons.map { CareText.message($0.message, catalog: catalog, language: language) }
                concerns = entry.match.concerns.map { CareText.message($0, catalog: catalog, language: language) }
                languages = profile.languages.map(\.tag).sorted()
                modalities = profile.modalities.map(\.rawValue).sorted()
                deliveries = profile.deliveries.map(\.rawValue).sorted()
                slidingScalePlaces = profile.slidingScale.free
                firstOpening = entry.match.firstOpening.map(ICalendar.isoUTC)
                credentials = profile.credentials.licenses.map(CredentialDTO.init)
            }
        }

        /// A string or an explicit JSON null.
        struct PhotoLink: Encodable {
            var path: String?

            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                if let path { try container.encode(path) } else { try container.encodeNil() }
            }
        }

        /// A licence or registration as the API shows it.
        struct CredentialDTO: Encodable {
            var state: String
            var type: String
            var number: String
            var status: String
            var expires: String

            init(_ credential: Credential) {
                state = credential.state.code
                type = credential.type.rawValue
                number = credential.number
                status = credential.status.rawValue
                expires = credential.expires.description
            }
        }
    }
}

/// Turns the domain's messages into sentences in the viewer's language. The domain's keys live under `care.` in the
/// catalogues; values that are codes (modality, delivery, basis) are translated too.
enum CareText {
    /// The sentence for `message`.
    static func message(_ message: LocalizedMessage, catalog: Catalog, language: Language) -> String {
        var values = message.values
        for (name, group) in [("modality", "care.modality."), ("delivery", "care.delivery."), ("basis", "care.basis.")] {
            if let value = values[name] { values[name] = catalog.text(group + value, language) }
        }
        return catalog.text("care." + message.key, language, values)
    }

    /// A time in the viewer's zone, with the zone named: "Monday, December 7, 9:00 AM (America/Los_Angeles)".
    static func time(_ date: Date, zone: IANATimeZone, language: Language) -> String {
        let style = Date.FormatStyle(locale: Locale(identifier: language.rawValue), timeZone: zone.timeZone)
            .weekday(.wide).month(.wide).day().hour().minute()
        return date.formatted(style) + " (" + zone.identifier + ")"
    }
}
