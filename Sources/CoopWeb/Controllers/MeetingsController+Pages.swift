import CoopApp
import CoopData
import CoopDomain
import Foundation
import Hummingbird

extension MeetingsController {
    /// Upcoming and past meetings, and (for organisers) the scheduling form.
    func listPage(zone: IANATimeZone, context: CoopRequestContext, form: FormFields? = nil, error: (any Error)? = nil) async throws -> Response {
        let language = context.language
        let all = try await meetings.list(actor: context.actor, origin: context.origin)
        func row(_ summary: MeetingSummary) -> [String: Any] {
            let record = summary.record
            return [
                "url": URLs.meeting(record.meeting.id.rawValue) + "?zone=" + zone.identifier.urlQueryEscaped, "title": record.meeting.title,
                "kind": renderer.catalog.text("meetings.kind.\(record.kind.rawValue)", language),
                "when": record.isTimeSet
                    ? CareText.time(record.meeting.startsAt, zone: zone, language: language)
                    : renderer.catalog.text("meetings.time_undecided", language),
                "minutes": renderer.catalog.text(record.meeting.minutes.isSignedOff ? "meetings.minutes.signed" : "meetings.minutes.unsigned", language),
            ]
        }
        let upcoming = all.filter { !$0.isPast }
        let past = all.filter(\.isPast).reversed()
        var model: [String: Any] = [
            "upcoming": upcoming.map(row), "hasUpcoming": !upcoming.isEmpty, "past": past.map(row), "hasPast": !past.isEmpty,
            "zone": zone.identifier, "zoneNote": renderer.catalog.text("meetings.times_in_zone", language, ["zone": zone.identifier]),
            "zones": zoneChoices(zone),
        ]
        if GovernancePolicy.decide(context.actor, .runMeeting).isAllowed {
            let open = try await governance.openProposals(actor: context.actor, origin: context.origin)
            let proposals = open.filter { $0.record.poll.kind == .proposal }.map { ($0.record.poll.id, $0.record.poll.title) }
            model["mayRun"] = true
            model.merge(MeetingForm.model(form: form, proposals: proposals, renderer: renderer, context: context)) { $1 }
        }
        let status = renderer.note(error, in: &model, context: context)
        return renderer.render("meetings", title: "meetings.title", model: model, status: status, context: context)
    }

    /// One meeting's page.
    func meetingPage(_ id: MeetingID, zone: IANATimeZone, context: CoopRequestContext, error: (any Error)? = nil, form: FormFields? = nil) async throws -> Response {
        let language = context.language
        let details = try await meetings.details(actor: context.actor, meeting: id, origin: context.origin)
        let record = details.record
        let meeting = record.meeting
        func name(_ member: MemberID) -> String { details.names[member] ?? renderer.catalog.text("meetings.unknown_member", language) }
        func text(_ key: String, _ values: [String: String] = [:]) -> String { renderer.catalog.text("meetings." + key, language, values) }
        let viewer = context.actor.memberID
        let started = details.hasStarted
        var model: [String: Any] = [
            "id": meeting.id.rawValue, "meetingTitle": meeting.title, "zone": zone.identifier, "zones": zoneChoices(zone),
            "zoneNote": text("times_in_zone", ["zone": zone.identifier]),
            "kind": text("kind.\(record.kind.rawValue)"), "type": renderer.catalog.text("gov.type.\(meeting.decisionType.rawValue)", language),
            "organiser": name(record.organiser), "location": record.location.isEmpty ? text("no_location") : record.location,
            "when": record.isTimeSet ? CareText.time(meeting.startsAt, zone: zone, language: language) : text("time_undecided"),
            "state": text(started ? (record.openedAt != nil ? "state.open" : "state.started") : "state.upcoming"),
            "mayRun": details.mayRun, "started": started,
            "mayOpen": details.mayRun && record.isTimeSet && record.openedAt == nil,
        ]
        // Quorum, live.
        let quorum = details.quorum
        let byProxy = meeting.attendance.filter { !$0.mode.isPresent }.count
        let inPerson = meeting.attendance.filter { $0.mode == .inPerson }.count
        model["quorum"] = text(
            quorum.isMet ? "quorum.met" : "quorum.not_met",
            ["present": String(quorum.participating), "required": String(quorum.required), "eligible": String(quorum.eligible), "percent": String(quorum.percent)]
        )
        model["quorumMet"] = quorum.isMet
        model["quorumBreakdown"] = text(
            "quorum.breakdown", ["in_person": String(inPerson), "online": String(meeting.attendance.count - inPerson - byProxy), "proxy": String(byProxy)]
        )
        model["attendance"] = meeting.attendance.map { attendance -> [String: Any] in
            let how: String
            switch attendance.mode {
            case .inPerson: how = text("mode.in-person")
            case .online: how = text("mode.online")
            case .byProxy(let holder, _): how = text("mode.by_proxy", ["holder": name(holder)])
            }
            return ["name": name(attendance.member), "how": how]
        }
        model["hasAttendance"] = !meeting.attendance.isEmpty
        let recorded = Set(meeting.attendance.map(\.member))
        model["mayRecord"] = details.mayRun && started
        model["unrecorded"] = details.names.sorted { $0.value < $1.value }.filter { !recorded.contains($0.key) }.map { ["value": $0.key.rawValue, "label": $0.value] }
        model["pendingProxies"] = details.standingProxies.filter { !recorded.contains($0.giver) }.map { proxy -> [String: Any] in
            ["giver": proxy.giver.rawValue, "label": text("proxy.pending", ["giver": name(proxy.giver), "holder": name(proxy.holder)])]
        }
        model["modes"] = [AttendanceEntry.inPerson, .online].map { mode -> [String: Any] in
            ["value": mode.rawValue, "label": text("mode.\(mode.rawValue)"), "checked": mode == .inPerson]
        }
        // The viewer's own proxy.
        if let proxy = details.givenProxy {
            var status = text("proxy.given", ["holder": name(proxy.holder)])
            if details.givenProxyCounted { status += " " + text("proxy.counted") }
            if details.givenProxyVotes > 0 { status += " " + text("proxy.votes", ["count": String(details.givenProxyVotes)]) }
            if !details.givenProxyCounted && details.givenProxyVotes == 0 && started { status += " " + text("proxy.unused") }
            model["proxyStatus"] = status
            model["mayWithdrawProxy"] = !started
        } else if !started, details.rule.proxies.allowed, let viewer, details.eligible.contains(viewer), details.proxiesHeld.isEmpty,
            meeting.attendance(of: viewer) == nil
        {
            model["mayGiveProxy"] = true
            model["proxyLimit"] = text("proxy.limit", ["max": String(details.rule.proxies.maximumPerHolder)])
            model["holders"] = details.eligible.filter { $0 != viewer }.map { ["value": $0.rawValue, "label": name($0)] }.sorted { $0["label"]! < $1["label"]! }
        }
        if !details.proxiesHeld.isEmpty {
            model["proxiesHeld"] = text("proxy.held", ["names": details.proxiesHeld.map(name).joined(separator: ", ")])
        }
        // The time poll.
        if let poll = details.timePoll {
            let mayAnswer = details.timePollOpen && viewer.map(poll.electorate.contains) == true
            model["timePoll"] = true
            model["timePollOpen"] = details.timePollOpen
            model["timePollCloses"] = CareText.time(poll.poll.closingTime, zone: zone, language: language)
            model["mayAnswer"] = mayAnswer
            model["slots"] = details.slots.map { slot -> [String: Any] in
                let own = details.ownAvailability.flatMap { slot.index < $0.count ? $0[slot.index] : nil }
                return [
                    "index": slot.index, "label": slot.slot.map { CareText.time($0.start, zone: zone, language: language) } ?? "—",
                    "yes": slot.yes, "maybe": slot.maybe, "no": slot.no,
                    "suggested": slot.index == details.suggestedSlot,
                    "answers": Availability.allCases.map { answer -> [String: Any] in
                        ["value": answer.rawValue, "label": text("answer.\(answer.rawValue)"), "checked": (own ?? .no) == answer]
                    },
                ]
            }
            model["mayPick"] = details.mayRun && !started
        }
        // Agenda, linked proposals and votes.
        model["agenda"] = meeting.agenda.enumerated().map { index, item -> [String: Any] in
            let linked = details.linkedPolls.filter { $0.link.position == index }.map { poll -> [String: Any] in
                let status: String
                if poll.isOpen { status = text("vote.open") } else if let result = poll.record.result {
                    status = renderer.catalog.text("gov.status.\(result.rawValue)", language)
                } else { status = text("vote.closed") }
                return [
                    "url": SiteURL.proposal(poll.record.poll.id.rawValue), "title": poll.record.poll.title, "status": status,
                    "purpose": text("link.\(poll.link.purpose.rawValue)"),
                ]
            }
            let minutes = index < record.itemMinutes.count ? record.itemMinutes[index] : AgendaMinutes()
            return [
                "index": index, "number": index + 1, "title": item.title, "length": text("item_minutes", ["minutes": String(item.minutes)]),
                "linked": linked, "hasLinked": !linked.isEmpty, "notes": minutes.notes, "outcome": minutes.outcome,
                "noteParagraphs": minutes.notes.split(separator: "\n").map(String.init),
            ]
        }
        model["mayOpenVote"] = details.mayRun && started
        // Minutes.
        let state = meeting.minutes
        model["minutesReadable"] = details.mayReadMinutes && state != .notStarted
        switch state {
        case .notStarted: model["minutesState"] = text("minutes.state.not_started")
        case .draft(let author): model["minutesState"] = text("minutes.state.draft", ["author": name(author)])
        case .awaitingSignOff(let author, _): model["minutesState"] = text("minutes.state.awaiting", ["author": name(author)])
        case .signedOff(let author, let signer, let at):
            model["minutesState"] = text(
                "minutes.state.signed", ["author": name(author), "signer": name(signer), "at": CareText.time(at, zone: zone, language: language)]
            )
            model["signedOff"] = true
        }
        var editable = false
        if case .draft(let author) = state { editable = author == viewer }
        if state == .notStarted { editable = true }
        model["mayEditMinutes"] = details.mayKeepMinutes && started && editable
        if case .draft(let author) = state, author == viewer, details.mayKeepMinutes { model["maySubmitMinutes"] = true }
        if case .awaitingSignOff = state, details.mayKeepMinutes { model["mayReturnMinutes"] = true }
        model["maySignOff"] = details.maySignOff
        model["decisions"] = details.linkedPolls.filter { !$0.isOpen }.map { ["url": SiteURL.proposal($0.record.poll.id.rawValue), "title": $0.record.poll.title] }
        model["hasDecisions"] = !details.linkedPolls.filter { !$0.isOpen }.isEmpty
        model["notesMax"] = MeetingSchedule.longestMinutes
        if let form, let error, error is MeetingError || error is GovernanceError {
            // Keep what the secretary typed when the minutes are refused.
            let notes = form.all("notes")
            let outcomes = form.all("outcome")
            if notes.count == meeting.agenda.count, outcomes.count == notes.count, var items = model["agenda"] as? [[String: Any]] {
                for index in items.indices {
                    items[index]["notes"] = String(notes[index].prefix(MeetingSchedule.longestMinutes + 100))
                    items[index]["outcome"] = String(outcomes[index].prefix(MeetingSchedule.longestMinutes + 100))
                }
                model["agenda"] = items
            }
        }
        let status = renderer.note(error, in: &model, context: context)
        return renderer.render("meeting", title: "meetings.meeting_title", model: model, status: status, context: context)
    }

    /// The zones offered by the zone switch, the viewer's included.
    func zoneChoices(_ zone: IANATimeZone) -> [[String: Any]] {
        let zones = CareController.zones.contains(zone.identifier) ? CareController.zones : CareController.zones + [zone.identifier]
        return zones.map { name -> [String: Any] in ["name": name, "selected": name == zone.identifier] }
    }
}
