import CoopApp
import CoopDomain
import Foundation

/// Reads the new-proposal and vote forms into use-case input, and builds the new-proposal form's model.
enum ProposalForm {
    /// The kinds the form offers.
    static let kinds = ["proposal", "single-choice", "multiple-choice", "ranked-choice", "stv", "score", "dot-vote", "meeting-time"]

    /// A whole number from a field, or nil when the field is empty; throws the field's error when it is not a number.
    static func number(_ text: String, field: String, in range: ClosedRange<Int>) throws -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        guard let value = Int(trimmed), range.contains(value) else { throw ProposalError.invalidField(field) }
        return value
    }

    /// The draft a filled-in new-proposal form describes; `candidates` are the members who may be chosen to stand.
    static func draft(
        from form: FormFields, candidates: [(id: MemberID, name: String)], timeZone: TimeZone = TimeZone(identifier: "UTC")!, bylaws: Bylaws? = nil
    ) throws -> ProposalDraft {
        guard let type = DecisionType(rawValue: form["type"]) else { throw ProposalError.invalidField("type") }
        let lines = form["options"].components(separatedBy: .newlines).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var options = lines.map { PollOption($0) }
        var classes: Set<MemberClassID>?
        if !form["voter_class"].isEmpty {
            guard let memberClass = MemberClassID(rawValue: form["voter_class"]) else { throw ProposalError.invalidField("class") }
            classes = [memberClass]
        }
        var kind: PollKind
        switch form["kind"] {
        case "score", "dot-vote", "meeting-time":
            guard let read = try PollForms.kind(from: form, lines: lines, timeZone: timeZone) else { throw ProposalError.invalidField("kind") }
            (kind, options) = read
        case "proposal":
            kind = .proposal
            options = []
        case "single-choice": kind = .singleChoice
        case "multiple-choice":
            kind = .multipleChoice(minimum: 0, maximum: try number(form["max_choices"], field: "max_choices", in: 1...100) ?? max(1, options.count))
        case "ranked-choice": kind = .rankedChoice(minimumRanked: 1)
        case "stv":
            let chosen = Set(form.all("candidate"))
            // Two members may share a name; the ballot must still tell them apart.
            var seen: [String: Int] = [:]
            options = candidates.filter { chosen.contains($0.id.rawValue) }.map { candidate in
                seen[candidate.name, default: 0] += 1
                let count = seen[candidate.name] ?? 1
                return PollOption(count == 1 ? candidate.name : "\(candidate.name) (\(count))", candidate: candidate.id)
            }
            // A class's own election: its members vote, and only its members stand.
            kind = .stv(STVSettings(seats: try number(form["seats"], field: "seats", in: 1...50) ?? 1, candidateClasses: classes))
        default: throw ProposalError.invalidField("kind")
        }
        var setting: GovernedSetting?
        switch form["setting"] {
        case "": break
        case "cancellation-window":
            guard let hours = try number(form["cancellation_hours"], field: "setting", in: 0...168) else {
                throw ProposalError.invalidField("setting")
            }
            setting = .cancellationWindow(.hours(hours))
        case "decision-rule":
            setting = try ruleChange(from: form, bylaws: bylaws)
        case let choice where ReminderSettingsForm.choices.contains(choice):
            setting = try ReminderSettingsForm.setting(from: form)
        case FeeSettingsForm.choice:
            setting = try FeeSettingsForm.setting(from: form)
        default: throw ProposalError.invalidField("setting")
        }
        let days = try number(form["days"], field: "closes", in: 1...90)
        let opensAt = try opening(form["opens"], timeZone: timeZone)
        return ProposalDraft(
            title: form["title"], body: form["body"], decisionType: type, kind: kind, options: options, setting: setting,
            votingPeriod: days.map { TimeInterval($0) * 86400 }, isAnonymous: form["anonymous"] == "1",
            resultsVisibility: ResultsVisibility(rawValue: form["results"]) ?? .shown, voterClasses: classes, opensAt: opensAt
        )
    }

    /// The opening time typed as `YYYY-MM-DDTHH:MM` (or with a space) in the co-op's zone; nil when empty. A time the
    /// clocks skip (spring forward) is refused; a repeated one (fall back) means its first occurrence.
    static func opening(_ text: String, timeZone: TimeZone) throws -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "T", with: " ")
        if trimmed.isEmpty { return nil }
        let parts = trimmed.split(separator: " ")
        guard parts.count == 2, let date = try? LocalDate(String(parts[0])), let time = try? LocalTime(String(parts[1].prefix(5))),
            let zone = try? IANATimeZone(timeZone.identifier), let instant = zone.resolve(date, time).firstOccurrence
        else { throw ProposalError.invalidField("opens") }
        return instant
    }

    /// A change to one decision type's rule: its quorum, passing threshold, proxies and voting period, the rest (who
    /// votes, weighting, probation) kept as the bylaws in force have it. Every field is required.
    static func ruleChange(from form: FormFields, bylaws: Bylaws?) throws -> GovernedSetting {
        guard let type = DecisionType(rawValue: form["rule_type"]), var rule = try? bylaws?.rule(for: type) else {
            throw ProposalError.invalidField("rule")
        }
        guard let quorum = try number(form["rule_quorum"], field: "rule", in: 0...100),
            let threshold = PassingThreshold(rawValue: form["rule_threshold"]),
            let proxies = try number(form["rule_proxies"], field: "rule", in: 0...ProxyRule.largestLimit),
            let days = try number(form["rule_days"], field: "rule", in: 1...90)
        else { throw ProposalError.invalidField("rule") }
        rule.quorumPercent = quorum
        rule.threshold = threshold
        rule.proxies = proxies == 0 ? .notAllowed : .upTo(proxies)
        rule.votingPeriod = TimeInterval(days) * 86400
        return .decisionRule(type, rule)
    }

    /// The ballot a filled-in vote form describes for a poll of `kind` with `optionCount` options.
    static func choice(from form: FormFields, kind: PollKind, optionCount: Int) throws -> BallotChoice {
        switch kind {
        case .proposal:
            guard let stance = Stance(rawValue: form["stance"]) else { throw ProposalError.invalidField("stance") }
            return .stance(stance)
        case .singleChoice, .multipleChoice:
            var chosen = Set<Int>()
            for text in form.all("option") {
                guard let index = Int(text), (0..<optionCount).contains(index) else { throw ProposalError.invalidField("option") }
                chosen.insert(index)
            }
            if case .singleChoice = kind, chosen.isEmpty { throw ProposalError.invalidField("option") }
            return .selection(chosen)
        case .rankedChoice, .stv:
            var ranks: [(rank: Int, option: Int)] = []
            for index in 0..<optionCount {
                guard let rank = try number(form["rank-\(index)"], field: "rank", in: 1...optionCount) else { continue }
                ranks.append((rank, index))
            }
            guard Set(ranks.map(\.rank)).count == ranks.count else { throw ProposalError.invalidField("rank") }
            return .ranking(ranks.sorted { $0.rank < $1.rank }.map(\.option))
        default:
            guard let choice = try PollForms.choice(from: form, kind: kind, optionCount: optionCount) else { throw ProposalError.invalidField("kind") }
            return choice
        }
    }

    /// The new-proposal form's model, keeping what was typed when the form comes back with an error.
    static func model(form: FormFields?, candidates: [(id: MemberID, name: String)], renderer: PageRenderer, context: CoopRequestContext) -> [String:
        Any]
    {
        let language = context.language
        func text(_ key: String) -> String { renderer.catalog.text(key, language) }
        let selectedType = form?["type"] ?? DecisionType.ordinary.rawValue
        let kind = form?["kind"] ?? "proposal"
        let results = form?["results"] ?? ResultsVisibility.shown.rawValue
        let chosen = Set(form?.all("candidate") ?? [])
        let base: [String: Any] = [
            "formTitle": String((form?["title"] ?? "").prefix(Poll.longestTitle + 50)),
            "formBody": String((form?["body"] ?? "").prefix(ProposalDraft.longestBody + 100)),
            "formOptions": String((form?["options"] ?? "").prefix(5000)),
            "formDays": String((form?["days"] ?? "").prefix(10)), "formOpens": String((form?["opens"] ?? "").prefix(20)), "formSeats": String((form?["seats"] ?? "").prefix(10)),
            "formMaxChoices": String((form?["max_choices"] ?? "").prefix(10)),
            "formHours": String((form?["cancellation_hours"] ?? "").prefix(10)),
            "formMaxScore": String((form?["max_score"] ?? "").prefix(10)), "formDots": String((form?["dots"] ?? "").prefix(10)),
            "formDuration": String((form?["duration"] ?? "").prefix(10)), "allowsMaybeChecked": form?["allows_maybe"] == "1",
            "anonymousChecked": form?["anonymous"] == "1", "settingChecked": form?["setting"] == "cancellation-window",
            "noSettingChecked": (form?["setting"] ?? "").isEmpty, "ruleSettingChecked": form?["setting"] == "decision-rule",
            "formRuleQuorum": String((form?["rule_quorum"] ?? "").prefix(10)), "formRuleProxies": String((form?["rule_proxies"] ?? "").prefix(10)),
            "formRuleDays": String((form?["rule_days"] ?? "").prefix(10)),
            "ruleTypes": DecisionType.allCases.map { type -> [String: Any] in
                ["value": type.rawValue, "label": text("gov.type.\(type.rawValue)"), "selected": type.rawValue == form?["rule_type"]]
            },
            "thresholds": PassingThreshold.allCases.map { item -> [String: Any] in
                ["value": item.rawValue, "label": text("gov.threshold.\(item.rawValue)"), "selected": item.rawValue == form?["rule_threshold"]]
            },
            "types": DecisionType.allCases.map { type -> [String: Any] in
                ["value": type.rawValue, "label": text("gov.type.\(type.rawValue)"), "selected": type.rawValue == selectedType]
            },
            "kinds": kinds.map { item -> [String: Any] in ["value": item, "label": text("gov.kind.\(item)"), "selected": item == kind] },
            "visibilities": ResultsVisibility.allCases.map { item -> [String: Any] in
                ["value": item.rawValue, "label": text("gov.results.\(item.rawValue)"), "selected": item.rawValue == results]
            },
            "classes": MemberClass.standard.map { item -> [String: Any] in
                ["value": item.id.rawValue, "label": text("gov.class.\(item.id.rawValue)"), "selected": item.id.rawValue == form?["voter_class"]]
            },
            "candidates": candidates.map { item -> [String: Any] in
                ["value": item.id.rawValue, "label": item.name, "checked": chosen.contains(item.id.rawValue)]
            },
        ]
        return base.merging(ReminderSettingsForm.model(form: form)) { current, _ in current }
            .merging(FeeSettingsForm.model(form: form)) { current, _ in current }
    }
}
