import SQLKit

/// A therapist's caps on sessions per day and per week (empty: no cap), set with the other session settings on the
/// availability page.
struct M009SessionLimits: Migration {
    let number = 9
    let name = "session-limits"

    func prepare(on sql: any SQLDatabase) async throws {
        try await sql.alter(table: "therapist_profiles").column("maximum_per_day", type: .bigint).run()
        try await sql.alter(table: "therapist_profiles").column("maximum_per_week", type: .bigint).run()
    }
}
