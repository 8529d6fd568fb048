import Foundation
import SQLKit

/// A session the client did not come to: when it was recorded, and the fee the co-op's policy gave it.
struct M013NoShow: Migration {
    let number = 13
    let name = "appointment-no-show"

    func prepare(on sql: any SQLDatabase) async throws {
        try await sql.alter(table: "appointments").column("noshow_at", type: .bigint).run()
        try await sql.alter(table: "appointments").column("noshow_fee_cents", type: .bigint).run()
    }
}
