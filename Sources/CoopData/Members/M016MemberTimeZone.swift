import Foundation
import SQLKit

/// The time zone each member reads times in (an IANA name); null for the co-op's own zone.
struct M016MemberTimeZone: Migration {
    let number = 16
    let name = "member-time-zone"

    func prepare(on sql: any SQLDatabase) async throws {
        try await sql.alter(table: "members").column("time_zone", type: .text).run()
    }
}
