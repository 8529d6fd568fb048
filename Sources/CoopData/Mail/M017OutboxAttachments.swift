import Foundation
import SQLKit

/// A file queued with an outbox message (a calendar invitation): its name, MIME type and text.
struct M017OutboxAttachments: Migration {
    let number = 17
    let name = "outbox-attachments"

    func prepare(on sql: any SQLDatabase) async throws {
        try await sql.alter(table: "outbox").column("attachment_name", type: .text).run()
        try await sql.alter(table: "outbox").column("attachment_type", type: .text).run()
        try await sql.alter(table: "outbox").column("attachment", type: .text).run()
    }
}
