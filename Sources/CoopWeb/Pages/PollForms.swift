import CoopApp
import CoopDomain
import Foundation

/// A score, dot-vote or meeting-time form field that could not be read.
enum PollFormError: Error, Equatable {
    /// A field is missing or not understood; the name says which (`max_score`, `dots`, `duration`, `times`, `score`, `time`).
    case field(String)
    /// More dots placed than each person has.
    case tooManyDots(used: Int, allowed: Int)
    /// A dot ballot with no dots placed.
    case noDots
}

/// Reads and shows the score, dot-vote and meeting-time polls: their settings on the new-proposal form and their
/// inputs on the vote form.
enum PollForms {
    /// The kind a filled-in new-proposal form describes for the three kinds, with meeting-time options (one time per
    /// line, `YYYY-MM-DD HH:MM` in `timeZone`); nil for every other kind.
    static func kind(from form: FormFields, lines: [String], timeZone: TimeZone) throws -> (PollKind, [PollOption])? {
        switch form["kind"] {
        case "score":
            return (.score(maximum: try number(form["max_score"], field: "max_score", in: 1...100) ?? 5), lines.map { PollOption($0) })
        case "dot-vote":
            return (.dotVote(dotsPerPerson: try number(form["dots"], field: "dots", in: 1...1000) ?? 8), lines.map { PollOption($0) })
        case "meeting-time":
            let minutes = try number(form["duration"], field: "duration", in: 5...1440) ?? 60
            let parser = DateFormatter()
            parser.locale = Locale(identifier: "en_US_POSIX")
            parser.timeZone = timeZone
            parser.dateFormat = "yyyy-MM-dd HH:mm"
            let options = try lines.map { line -> PollOption in
                guard let start = parser.date(from: line) else { throw PollFormError.field("times") }
                let zone = timeZone.abbreviation(for: start) ?? timeZone.identifier
                return PollOption("\(parser.string(from: start)) \(zone)", slot: DateInterval(start: start, duration: TimeInterval(minutes * 60)))
            }
            return (.meetingTime(allowsMaybe: form["allows_maybe"] == "1"), options)
        default:
            return nil
        }
    }

    /// The ballot a vote form describes for the three kinds; nil for every other kind.
    static func choice(from form: FormFields, kind: PollKind, optionCount: Int) throws -> BallotChoice? {
        switch kind {
        case .score(let maximum):
            return .scores(try (0..<optionCount).map { try number(form["score-\($0)"], field: "score", in: 0...maximum) ?? 0 })
        case .dotVote(let dots):
            let placed = try (0..<optionCount).map { try number(form["score-\($0)"], field: "score", in: 0...1_000_000) ?? 0 }
            let used = placed.reduce(0, +)
            guard used <= dots else { throw PollFormError.tooManyDots(used: used, allowed: dots) }
            guard used > 0 else { throw PollFormError.noDots }
            return .scores(placed)
        case .meetingTime(let allowsMaybe):
            return .availability(
                try (0..<optionCount).map { index in
                    guard let answer = Availability(rawValue: form["time-\(index)"]), allowsMaybe || answer != .maybe else {
                        throw PollFormError.field("time")
                    }
                    return answer
                })
        default:
            return nil
        }
    }

    /// Adds the vote form's inputs for the three kinds (the member's own ballot filled in).
    static func addBallotInputs(_ poll: Poll, own: BallotChoice?, to model: inout [String: Any], renderer: PageRenderer, context: CoopRequestContext)
    {
        func text(_ key: String, _ values: [String: String] = [:]) -> String { renderer.catalog.text(key, context.language, values) }
        var scores: [Int] = []
        if case .scores(let stored) = own { scores = stored }
        switch poll.kind {
        case .score(let maximum), .dotVote(let maximum):
            model["isScored"] = true
            let isDots = poll.kind == .dotVote(dotsPerPerson: maximum)
            model["scoreLegend"] =
                isDots ? text("polls.vote.dots_legend", ["dots": String(maximum)]) : text("polls.vote.score_legend", ["max": String(maximum)])
            model["choices"] = poll.options.enumerated().map { item -> [String: Any] in
                [
                    "index": item.offset, "label": item.element.name, "max": maximum,
                    "value": scores.indices.contains(item.offset) ? String(scores[item.offset]) : "0",
                ]
            }
        case .meetingTime(let allowsMaybe):
            var answers: [Availability] = []
            if case .availability(let stored) = own { answers = stored }
            model["isMeeting"] = true
            let offered: [Availability] = allowsMaybe ? [.yes, .maybe, .no] : [.yes, .no]
            model["choices"] = poll.options.enumerated().map { item -> [String: Any] in
                [
                    "index": item.offset, "label": item.element.name,
                    "answers": offered.map { answer -> [String: Any] in
                        [
                            "value": answer.rawValue, "label": text("polls.vote.\(answer.rawValue)"),
                            "checked": answers.indices.contains(item.offset) && answers[item.offset] == answer,
                        ]
                    },
                ]
            }
        default:
            break
        }
    }

    /// A whole number from a field, or nil when empty; throws the field's error when it is not a number in `range`.
    static func number(_ text: String, field: String, in range: ClosedRange<Int>) throws -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        guard let value = Int(trimmed), range.contains(value) else { throw PollFormError.field(field) }
        return value
    }
}
