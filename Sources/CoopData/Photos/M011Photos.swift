import SQLKit

/// Therapists' profile photos: one per therapist, already checked and stripped of metadata, with the SHA-256 that is
/// also its ETag. Kept apart from `therapist_profiles`, so a new photo does not invalidate the therapist cache.
struct M011Photos: Migration {
    let number = 11
    let name = "photos"

    func prepare(on sql: any SQLDatabase) async throws {
        try await sql.create(table: "therapist_photos")
            .column("therapist_id", type: .text, .primaryKey(autoIncrement: false), .references("members", "id", onDelete: .cascade))
            .column("content_type", type: .text, .notNull)
            // BLOB on SQLite, BYTEA on PostgreSQL.
            .column("bytes", type: .blob, .notNull)
            .column("width", type: .bigint, .notNull)
            .column("height", type: .bigint, .notNull)
            .column("sha256", type: .text, .notNull)
            .column("updated_at", type: .bigint, .notNull)
            .run()
    }
}
