import CoopApp
import CoopData
import CoopDomain
import Foundation

/// Page models for proposals, results, the decisions log and the governed settings.
enum DecisionModels {
    /// A poll's facts shared by its own page and the decisions log.
    static func facts(_ record: PollRecord, names: [MemberID: String], renderer: PageRenderer, context: CoopRequestContext) -> [String: Any] {
        let poll = record.poll
        let language = context.language
        func text(_ key: String) -> String { renderer.catalog.text(key, language) }
        var model: [String: Any] = [
            "id": poll.id.rawValue, "pollTitle": poll.title,
            "paragraphs": record.body.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter {
                !$0.isEmpty
            },
            "type": text("gov.type.\(poll.decisionType.rawValue)"), "kind": text("gov.kind.\(poll.kind.name)"),
            "author": names[poll.author] ?? "—", "opens": renderer.dateTime(poll.opensAt, context: context),
            "closes": renderer.dateTime(poll.closingTime, context: context), "anonymous": text(poll.isAnonymous ? "common.yes" : "common.no"),
            "visibility": text("gov.results.\(poll.resultsVisibility.rawValue)"), "electorate": record.electorate.count,
            "isElection": isElection(poll),
        ]
        if case .settingChange(let setting) = poll.subject {
            model["settingChange"] = renderer.catalog.text(
                "gov.proposal.sets", language,
                [
                    "setting": settingName(setting.key, renderer: renderer, language: language),
                    "value": settingValue(setting, renderer: renderer, language: language),
                ]
            )
        }
        if case .stv(let settings) = poll.kind {
            model["seats"] = settings.seats
        }
        if let outcome = poll.outcome { model["outcome"] = outcome.text }
        if let result = record.result { model["status"] = text("gov.status.\(result.rawValue)") }
        return model
    }

    /// Whether the poll is an STV election.
    static func isElection(_ poll: Poll) -> Bool {
        if case .stv = poll.kind { return true }
        return false
    }

    /// A counted result: rows, quorum, threshold, status and winners.
    static func result(_ result: PollResult, poll: Poll, renderer: PageRenderer, context: CoopRequestContext) -> [String: Any] {
        let language = context.language
        func text(_ key: String) -> String { renderer.catalog.text(key, language) }
        let rows = result.tally.options.map { option -> [String: Any] in
            [
                "name": poll.kind == .proposal ? text("gov.stance.\(option.name)") : option.name, "score": option.score,
                "voters": option.voterCount, "percent": String(format: "%.1f", option.scorePercent.percent),
            ]
        }
        var model: [String: Any] = [
            "rows": rows, "status": text("gov.status.\(result.status.rawValue)"), "passed": result.status == .passed,
            "quorum": renderer.catalog.text(
                result.quorum.isMet ? "gov.result.quorum_met" : "gov.result.quorum_missed", language,
                [
                    "cast": String(result.quorum.participating), "required": String(result.quorum.required),
                    "eligible": String(result.quorum.eligible), "percent": String(result.quorum.percent),
                ]
            ),
            "cast": result.tally.accounting.cast, "undecided": result.tally.undecided,
            "scoreHeading": text(poll.kind.isRanked ? "gov.result.points" : "gov.result.votes"),
        ]
        if let threshold = result.threshold {
            model["threshold"] = renderer.catalog.text(
                threshold.isMet ? "gov.result.threshold_met" : "gov.result.threshold_missed", language,
                [
                    "threshold": text("gov.threshold.\(threshold.threshold.rawValue)"), "agree": String(threshold.stances.agree),
                    "base": String(threshold.denominator), "block": String(threshold.stances.block),
                ]
            )
        }
        let winners = result.tally.winners.compactMap { poll.options.indices.contains($0) ? poll.options[$0].name : nil }
        if !winners.isEmpty {
            model["winners"] = renderer.catalog.text(
                isElection(poll) ? "gov.result.elected" : "gov.result.winner", language,
                ["names": winners.joined(separator: ", ")]
            )
        }
        return model
    }

    /// The page of one poll for a member.
    static func proposal(_ details: ProposalDetails, renderer: PageRenderer, context: CoopRequestContext) -> [String: Any] {
        let poll = details.record.poll
        let language = context.language
        func text(_ key: String) -> String { renderer.catalog.text(key, language) }
        var model = facts(details.record, names: details.names, renderer: renderer, context: context)
        model["isOpen"] = details.isOpen
        model["state"] = details.isOpen ? text("gov.state.open") : (model["status"] as? String ?? text("gov.state.closed"))
        model["votesCast"] = details.votesCast
        model["mayVote"] = details.isOpen && details.mayVote && (!details.hasVoted || poll.allowsVoteChange)
        model["hasVoted"] = details.hasVoted
        model["notInElectorate"] = details.isOpen && !details.mayVote
        model["votedOnce"] = details.isOpen && details.hasVoted && !poll.allowsVoteChange
        model["mayClose"] = details.mayClose
        model["mayWriteOutcome"] = details.mayWriteOutcome && poll.outcome == nil
        model["reasonMax"] = poll.reasonMaximumLength
        model["bltLink"] = !details.isOpen && details.record.isSettled && (model["isElection"] as? Bool ?? false)
        if details.isOpen, details.proxiesAllowed, details.mayVote {
            if let proxy = details.givenProxy {
                model["proxyGiven"] = renderer.catalog.text(
                    details.givenProxyUsed ? "gov.proxy.given_used" : "gov.proxy.given", language, ["name": details.names[proxy.holder] ?? "—"]
                )
                model["mayWithdrawProxy"] = !details.givenProxyUsed
            } else if !details.hasVoted {
                model["proxyHolders"] = details.record.electorate.members.filter { $0 != context.actor.memberID }.map { member -> [String: Any] in
                    ["value": member.rawValue, "label": details.names[member] ?? member.rawValue]
                }
                model["mayGiveProxy"] = true
            }
            if !details.proxiesHeld.isEmpty {
                model["hasOnBehalfOf"] = true
                model["onBehalfOf"] = details.proxiesHeld.map { member -> [String: Any] in
                    ["value": member.rawValue, "label": details.names[member] ?? member.rawValue]
                }
            }
        }
        // A member whose vote is with a proxy holder votes only by withdrawing the proxy first.
        if details.givenProxy != nil { model["mayVote"] = false }
        if !details.proxiesHeld.isEmpty, details.isOpen { model["mayVote"] = true }
        let own = details.ownBallot?.choice
        switch poll.kind {
        case .proposal:
            model["isProposal"] = true
            model["stances"] = Stance.allCases.map { stance -> [String: Any] in
                ["value": stance.rawValue, "label": text("gov.stance.\(stance.rawValue)"), "checked": own == .stance(stance)]
            }
        case .singleChoice, .multipleChoice:
            var chosen = Set<Int>()
            if case .selection(let selection) = own { chosen = selection }
            model[poll.kind == .singleChoice ? "isSingle" : "isMultiple"] = true
            model["choices"] = poll.options.enumerated().map { item -> [String: Any] in
                ["index": item.offset, "label": item.element.name, "checked": chosen.contains(item.offset)]
            }
        case .rankedChoice, .stv:
            var ranking: [Int] = []
            if case .ranking(let stored) = own { ranking = stored }
            model["isRanked"] = true
            model["choices"] = poll.options.enumerated().map { item -> [String: Any] in
                let rank = ranking.firstIndex(of: item.offset).map { String($0 + 1) } ?? ""
                return ["index": item.offset, "label": item.element.name, "rank": rank, "max": poll.options.count]
            }
        default:
            PollForms.addBallotInputs(poll, own: own, to: &model, renderer: renderer, context: context)
        }
        if let result = details.result {
            model["result"] = self.result(result, poll: poll, renderer: renderer, context: context)
        } else {
            model["resultsHidden"] = text(
                poll.resultsVisibility == .untilVoted ? "gov.results.hidden_until_voted" : "gov.results.hidden_until_closed")
        }
        return model
    }

    /// One entry of the public decisions log.
    static func decision(_ entry: DecisionEntry, renderer: PageRenderer, context: CoopRequestContext) -> [String: Any] {
        var model = facts(entry.record, names: entry.names, renderer: renderer, context: context)
        model["result"] = result(entry.result, poll: entry.record.poll, renderer: renderer, context: context)
        return model
    }

    /// The governed settings page.
    static func settings(_ overview: SettingsOverview, renderer: PageRenderer, context: CoopRequestContext) -> [String: Any] {
        let language = context.language
        return [
            "current": overview.current.map { setting -> [String: Any] in
                [
                    "name": settingName(setting.key, renderer: renderer, language: language),
                    "value": settingValue(setting, renderer: renderer, language: language),
                ]
            },
            "history": overview.history.reversed().map { line -> [String: Any] in
                var row: [String: Any] = [
                    "name": settingName(line.value.key, renderer: renderer, language: language),
                    "value": settingValue(line.value, renderer: renderer, language: language),
                    "at": renderer.dateTime(line.at, context: context),
                    "cause": renderer.catalog.text(
                        line.cause.hasPrefix("emergency") ? "emergency.cause.\(line.cause)"
                            : (line.decidedBy == nil ? "gov.settings.founding" : "gov.settings.decision"), language),
                ]
                if let poll = line.decidedBy { row["pollID"] = poll.rawValue }
                return row
            },
        ]
    }

    /// A setting's name in the viewer's language.
    static func settingName(_ key: GovernedSettingKey, renderer: PageRenderer, language: Language) -> String {
        if let name = ReminderSettingsForm.name(key, renderer: renderer, language: language)
            ?? FeeSettingsForm.name(key, renderer: renderer, language: language)
        {
            return name
        }
        return switch key {
        case .decisionRule(let type):
            renderer.catalog.text("gov.setting.rule", language, ["type": renderer.catalog.text("gov.type.\(type.rawValue)", language)])
        case .cancellationWindow: renderer.catalog.text("gov.setting.cancellation_window", language)
        case .slidingScale: renderer.catalog.text("gov.setting.sliding_scale", language)
        case .sessionReminderLeads, .groupReminderLead, .waitlistOfferDuration, .cancellationFees: key.name
        }
    }

    /// A setting's value in words.
    static func settingValue(_ setting: GovernedSetting, renderer: PageRenderer, language: Language) -> String {
        if let value = ReminderSettingsForm.value(setting, renderer: renderer, language: language)
            ?? FeeSettingsForm.value(setting, renderer: renderer, language: language)
        {
            return value
        }
        switch setting {
        case .cancellationWindow(let window):
            return renderer.catalog.text("gov.setting.hours", language, ["hours": String(window.seconds / 3600)])
        case .slidingScale(let scale):
            return scale.tiers.map { tier in
                "\(tier.name): \(tier.incomeFrom)–\(tier.incomeBelow.map(\.description) ?? "…") → \(tier.fee)"
            }.joined(separator: "; ")
        case .decisionRule(_, let rule):
            let classes = rule.voterClasses.sorted().map { renderer.catalog.text("gov.class.\($0.rawValue)", language) }.joined(separator: ", ")
            return renderer.catalog.text(
                "gov.setting.rule_value", language,
                [
                    "quorum": String(rule.quorumPercent), "threshold": renderer.catalog.text("gov.threshold.\(rule.threshold.rawValue)", language),
                    "classes": classes, "days": String(Int(rule.votingPeriod / 86400)),
                ]
            )
        case .sessionReminderLeads, .groupReminderLead, .waitlistOfferDuration, .cancellationFees:
            return setting.key.name
        }
    }
}
