import Foundation
import SQLKit

/// A late-cancellation or no-show fee waived by the session's therapist or a coordinator: when, and by whom.
struct M014FeeWaivers: Migration {
    let number = 14
    let name = "appointment-fee-waivers"

    func prepare(on sql: any SQLDatabase) async throws {
        try await sql.alter(table: "appointments").column("fee_waived_at", type: .bigint).run()
        try await sql.alter(table: "appointments").column("fee_waived_by", type: .text).run()
    }
}
