import Foundation
import Hummingbird

extension ErrorMapping {
    /// A page of a list asked for with an `offset` or `limit` out of range.
    static func describePaging(_ error: PagingError) -> Description {
        switch error {
        case .invalid(let field, let largest):
            Description(status: .badRequest, code: "invalid-field", messageKey: "paging.error.\(field)", values: ["max": String(largest)])
        }
    }
}
