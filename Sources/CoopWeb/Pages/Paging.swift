import Foundation
import Hummingbird

/// A page of a long list asked for by `offset` and `limit` in the address: the directory page and its API answer a
/// slice of the ranked results, so a state with hundreds of therapists is not sent whole every time.
struct Paging: Equatable {
    /// How many results come before this page.
    var offset: Int
    /// How many results the page holds at most.
    var limit: Int

    /// The largest offset accepted: far past any co-op's directory, small enough to refuse nonsense.
    static let largestOffset = 100_000

    /// Reads `offset` and `limit` (absent means the default); anything else than a whole number in range, an empty
    /// value included, is refused with a message naming the field, as the API's document says.
    static func read(_ parameters: Parameters, defaultLimit: Int, largestLimit: Int) throws -> Paging {
        func number(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
            guard let text = parameters[Substring(name)] else { return fallback }
            guard !text.isEmpty, text.allSatisfy({ $0.isASCII }), let value = Int(text), range.contains(value) else {
                throw PagingError.invalid(field: name, largest: range.upperBound)
            }
            return value
        }
        return Paging(
            offset: try number("offset", default: 0, range: 0...largestOffset),
            limit: try number("limit", default: defaultLimit, range: 1...largestLimit)
        )
    }

    /// The slice of `items` this page shows.
    func slice<T>(_ items: [T]) -> ArraySlice<T> {
        let start = min(offset, items.count)
        return items[start..<min(items.count, start + limit)]
    }

    /// The offset of the next page, or nil when this page reaches the end of `total` results.
    func next(total: Int) -> Int? { offset + limit < total ? offset + limit : nil }

    /// The offset of the previous page, or nil on the first page.
    var previous: Int? { offset > 0 ? max(0, offset - limit) : nil }

    /// `query` (an address's query string without `offset` and `limit`) with this page's size and `offset`.
    func query(_ query: String, offset: Int) -> String {
        (query.isEmpty ? "" : query + "&") + "offset=\(offset)&limit=\(limit)"
    }

    /// The request's query string without `offset` and `limit`, each pair kept as it was sent.
    static func queryWithoutPaging(_ query: String?) -> String {
        (query ?? "").split(separator: "&").filter { pair in
            let name = pair.split(separator: "=", maxSplits: 1).first ?? ""
            return name != "offset" && name != "limit"
        }.joined(separator: "&")
    }
}

/// An `offset` or `limit` the page cannot use.
enum PagingError: Error, Equatable {
    case invalid(field: String, largest: Int)
}
