import CoopApp
import CoopDomain
import Foundation

/// Reads the scheduling form into a draft, and fills the form back in after a refusal.
enum MeetingForm {
    /// The agenda rows the form offers.
    static let agendaRows = 5
    /// The candidate-time fields the form offers.
    static let candidateRows = 4

    /// The draft in `form`; times are read in `zone`. Throws ``MeetingError/invalidField(_:)`` naming the first
    /// field that cannot be read.
    static func draft(from form: FormFields, zone: IANATimeZone, now: Date) throws -> MeetingDraft {
        guard let kind = MeetingKind(rawValue: form["kind"]) else { throw MeetingError.invalidField("kind") }
        guard let type = DecisionType(rawValue: form["type"]) else { throw MeetingError.invalidField("type") }
        let titles = form.all("item_title")
        let minutes = form.all("item_minutes")
        let proposals = form.all("item_proposal")
        var agenda: [AgendaDraftItem] = []
        for (index, title) in titles.enumerated() {
            let proposalText = index < proposals.count ? proposals[index] : ""
            let minutesText = index < minutes.count ? minutes[index].trimmingCharacters(in: .whitespaces) : ""
            // A row left empty is not an item; a row with only a proposal keeps its empty title and is refused.
            guard !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || !proposalText.isEmpty else { continue }
            var proposal: PollID?
            if !proposalText.isEmpty {
                guard let id = PollID(rawValue: proposalText) else { throw MeetingError.invalidField("proposal") }
                proposal = id
            }
            guard let length = minutesText.isEmpty ? 15 : Int(minutesText) else { throw MeetingError.invalidField("minutes") }
            agenda.append(AgendaDraftItem(title: title, minutes: length, proposal: proposal))
        }
        let time: MeetingTimeDraft
        if form["time_mode"] == "poll" {
            let candidates = try form.all("candidate").filter { !$0.isEmpty }.map { try instant($0, zone: zone) }
            guard let hours = Int(form["poll_hours"]), (1...24 * 60).contains(hours) else { throw MeetingError.invalidField("poll_hours") }
            time = .poll(candidates: candidates, pollCloses: now.addingTimeInterval(TimeInterval(hours) * 3600))
        } else {
            time = .fixed(try instant(form["starts"], zone: zone))
        }
        return MeetingDraft(title: form["title"], kind: kind, decisionType: type, location: form["location"], agenda: agenda, time: time)
    }

    /// The instant a `datetime-local` value ("2026-12-01T17:30") names in `zone`; a time that never happens there (the
    /// spring-forward gap) is refused, a repeated one is read as its first occurrence.
    static func instant(_ text: String, zone: IANATimeZone) throws -> Date {
        let parts = text.split(separator: "T", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, let date = try? LocalDate(parts[0]), let time = try? LocalTime(String(parts[1].prefix(5))),
            let instant = zone.resolve(date, time).firstOccurrence
        else { throw MeetingError.invalidField("time") }
        return instant
    }

    /// The form's values as the page shows them (the organiser's entries after a refusal, else the defaults).
    static func model(form: FormFields?, proposals: [(id: PollID, title: String)], renderer: PageRenderer, context: CoopRequestContext) -> [String: Any] {
        let language = context.language
        let titles: [String] = form?.all("item_title") ?? []
        let minutes: [String] = form?.all("item_minutes") ?? []
        let chosen: [String] = form?.all("item_proposal") ?? []
        let candidates: [String] = form?.all("candidate") ?? []
        let kindValue: String = form?["kind"] ?? ""
        let typeValue: String = form?["type"] ?? ""
        var kinds: [[String: Any]] = []
        for kind in MeetingKind.allCases {
            let label = renderer.catalog.text("meetings.kind.\(kind.rawValue)", language)
            kinds.append(["value": kind.rawValue, "label": label, "selected": kindValue == kind.rawValue])
        }
        var types: [[String: Any]] = []
        for type in DecisionType.allCases {
            let label = renderer.catalog.text("gov.type.\(type.rawValue)", language)
            types.append(["value": type.rawValue, "label": label, "selected": typeValue == type.rawValue])
        }
        var rows: [[String: Any]] = []
        for index in 0..<agendaRows {
            let picked: String = index < chosen.count ? chosen[index] : ""
            var options: [[String: Any]] = []
            for proposal in proposals {
                options.append(["value": proposal.id.rawValue, "label": proposal.title, "selected": picked == proposal.id.rawValue])
            }
            var row: [String: Any] = ["index": index, "number": index + 1, "required": index == 0, "proposals": options]
            row["title"] = index < titles.count ? titles[index] : ""
            row["minutes"] = index < minutes.count ? minutes[index] : "15"
            rows.append(row)
        }
        var candidateRows: [[String: Any]] = []
        for index in 0..<Self.candidateRows {
            let value: String = index < candidates.count ? candidates[index] : ""
            candidateRows.append(["index": index, "number": index + 1, "value": value])
        }
        var model: [String: Any] = ["kinds": kinds, "types": types, "agendaRows": rows, "candidateRows": candidateRows]
        model["formTitle"] = form?["title"] ?? ""
        model["formLocation"] = form?["location"] ?? ""
        model["formStarts"] = form?["starts"] ?? ""
        model["formPollHours"] = form.map { $0["poll_hours"] } ?? "48"
        model["pollChecked"] = form?["time_mode"] == "poll"
        return model
    }
}
