import CoopDomain
import Foundation

/// Why a stored governance value could not be read back.
public struct GovernanceDecodingError: Error, Equatable, Sendable {
    /// What was being read.
    public let what: String
}

/// The JSON forms of governance values as stored in text columns: poll kinds, options, subjects, ballot choices and
/// governed settings. Written with sorted keys so equal values store as equal text.
public enum GovernanceJSON {
    typealias Object = [String: Any]

    /// Serialises a JSON value (object or array) as compact text with sorted keys.
    static func text(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses stored text.
    static func parse(_ text: String, _ what: String) throws -> Any {
        do { return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) } catch {
            throw GovernanceDecodingError(what: what)
        }
    }

    /// A whole number however the parser handed it over.
    static func int(_ value: Any?) -> Int? {
        switch value {
        case let number as Int: number
        case let number as Int64: Int(number)
        case let number as NSNumber: number.intValue
        default: nil
        }
    }

    /// A 64-bit whole number however the parser handed it over.
    static func int64(_ value: Any?) -> Int64? {
        switch value {
        case let number as Int64: number
        case let number as Int: Int64(number)
        case let number as NSNumber: number.int64Value
        default: nil
        }
    }

    /// A truth value however the parser handed it over.
    static func bool(_ value: Any?) -> Bool? {
        if let flag = value as? Bool { return flag }
        return (value as? NSNumber)?.boolValue
    }

    /// A list of whole numbers.
    static func ints(_ value: Any?) -> [Int] { ((value as? [Any]) ?? []).compactMap { int($0) } }

    // MARK: Poll kind

    /// The stored form of a poll kind.
    public static func encode(_ kind: PollKind) -> String {
        var object: Object = ["type": kind.name]
        switch kind {
        case .proposal, .singleChoice: break
        case .multipleChoice(let minimum, let maximum):
            object["minimum"] = minimum
            object["maximum"] = maximum
        case .score(let maximum): object["maximum"] = maximum
        case .dotVote(let dots): object["dots"] = dots
        case .rankedChoice(let minimum): object["minimum"] = minimum
        case .meetingTime(let maybe): object["maybe"] = maybe
        case .stv(let settings):
            object["seats"] = settings.seats
            object["method"] = settings.method.rawValue
            if let classes = settings.candidateClasses { object["candidateClasses"] = classes.sorted().map(\.rawValue) }
        }
        return text(object)
    }

    /// Reads a stored poll kind.
    public static func decodeKind(_ stored: String) throws -> PollKind {
        guard let object = try parse(stored, "poll kind") as? Object, let type = object["type"] as? String else {
            throw GovernanceDecodingError(what: "poll kind")
        }
        switch type {
        case "proposal": return .proposal
        case "single-choice": return .singleChoice
        case "multiple-choice": return .multipleChoice(minimum: int(object["minimum"]) ?? 0, maximum: int(object["maximum"]) ?? 1)
        case "score": return .score(maximum: int(object["maximum"]) ?? 5)
        case "dot-vote": return .dotVote(dotsPerPerson: int(object["dots"]) ?? 8)
        case "ranked-choice": return .rankedChoice(minimumRanked: int(object["minimum"]) ?? 1)
        case "meeting-time": return .meetingTime(allowsMaybe: bool(object["maybe"]) ?? false)
        case "stv":
            let classes = (object["candidateClasses"] as? [String]).map { Set($0.compactMap(MemberClassID.init(rawValue:))) }
            return .stv(
                STVSettings(
                    seats: int(object["seats"]) ?? 1, method: STVMethod(rawValue: object["method"] as? String ?? "") ?? .scottish,
                    candidateClasses: classes
                )
            )
        default: throw GovernanceDecodingError(what: "poll kind")
        }
    }

    // MARK: Options

    /// The stored form of a poll's options.
    public static func encode(_ options: [PollOption]) -> String {
        text(
            options.map { option -> Object in
                var object: Object = ["name": option.name]
                if let candidate = option.candidate { object["candidate"] = candidate.rawValue }
                if let slot = option.slot {
                    object["start"] = Clock.milliseconds(slot.start)
                    object["end"] = Clock.milliseconds(slot.end)
                }
                return object
            }
        )
    }

    /// Reads stored options.
    public static func decodeOptions(_ stored: String) throws -> [PollOption] {
        guard let array = try parse(stored, "options") as? [Object] else { throw GovernanceDecodingError(what: "options") }
        return array.map { object in
            var slot: DateInterval?
            if let start = int64(object["start"]), let end = int64(object["end"]), end >= start {
                slot = DateInterval(start: Clock.date(start), end: Clock.date(end))
            }
            return PollOption(
                object["name"] as? String ?? "", candidate: (object["candidate"] as? String).flatMap(MemberID.init(rawValue:)), slot: slot
            )
        }
    }

    // MARK: Subject

    /// The stored form of what passing a poll does.
    public static func encode(_ subject: DecisionSubject) -> String {
        switch subject {
        case .general: text(["type": "general"] as Object)
        case .admission(let member): text(["type": "admission", "member": member.rawValue] as Object)
        case .settingChange(let setting): text(["type": "setting-change", "setting": settingObject(setting)] as Object)
        case .ratification(let id): text(["type": "ratification", "emergency": id.rawValue] as Object)
        }
    }

    /// Reads a stored subject.
    public static func decodeSubject(_ stored: String) throws -> DecisionSubject {
        guard let object = try parse(stored, "subject") as? Object else { throw GovernanceDecodingError(what: "subject") }
        switch object["type"] as? String {
        case "general": return .general
        case "admission":
            guard let member = (object["member"] as? String).flatMap(MemberID.init(rawValue:)) else { break }
            return .admission(member)
        case "setting-change":
            guard let setting = object["setting"] as? Object else { break }
            return .settingChange(try decodeSetting(setting))
        case "ratification":
            guard let id = (object["emergency"] as? String).flatMap(EmergencyChangeID.init(rawValue:)) else { break }
            return .ratification(id)
        default: break
        }
        throw GovernanceDecodingError(what: "subject")
    }

    // MARK: Ballot choice

    /// The stored form of a ballot's choice.
    public static func encode(_ choice: BallotChoice) -> String {
        switch choice {
        case .abstain: text(["type": "abstain"] as Object)
        case .stance(let stance): text(["type": "stance", "stance": stance.rawValue] as Object)
        case .selection(let chosen): text(["type": "selection", "options": chosen.sorted()] as Object)
        case .scores(let scores): text(["type": "scores", "scores": scores] as Object)
        case .ranking(let ranking): text(["type": "ranking", "ranking": ranking] as Object)
        case .availability(let answers): text(["type": "availability", "answers": answers.map(\.rawValue)] as Object)
        }
    }

    /// Reads a stored choice.
    public static func decodeChoice(_ stored: String) throws -> BallotChoice {
        guard let object = try parse(stored, "choice") as? Object else { throw GovernanceDecodingError(what: "choice") }
        let numbers = { (key: String) -> [Int] in ints(object[key]) }
        switch object["type"] as? String {
        case "abstain": return .abstain
        case "stance":
            guard let stance = Stance(rawValue: object["stance"] as? String ?? "") else { break }
            return .stance(stance)
        case "selection": return .selection(Set(numbers("options")))
        case "scores": return .scores(numbers("scores"))
        case "ranking": return .ranking(numbers("ranking"))
        case "availability": return .availability(((object["answers"] as? [String]) ?? []).compactMap(Availability.init(rawValue:)))
        default: break
        }
        throw GovernanceDecodingError(what: "choice")
    }

    // MARK: Governed settings

    /// The stored form of a governed setting's value.
    public static func encode(_ setting: GovernedSetting) -> String { text(settingObject(setting)) }

    /// Reads a stored governed setting value.
    public static func decodeSetting(_ stored: String) throws -> GovernedSetting {
        guard let object = try parse(stored, "setting") as? Object else { throw GovernanceDecodingError(what: "setting") }
        return try decodeSetting(object)
    }

    static func settingObject(_ setting: GovernedSetting) -> Object {
        switch setting {
        case .cancellationWindow(let window):
            return ["key": setting.key.name, "seconds": window.seconds]
        case .slidingScale(let scale):
            let tiers = scale.tiers.map { tier -> Object in
                var object: Object = ["name": tier.name, "from": tier.incomeFrom.value, "fee": tier.fee.value]
                if let below = tier.incomeBelow { object["below"] = below.value }
                return object
            }
            return ["key": setting.key.name, "tiers": tiers]
        case .sessionReminderLeads(let leads):
            return ["key": setting.key.name, "hours": leads.hours]
        case .groupReminderLead(let lead):
            return ["key": setting.key.name, "hours": lead.hours]
        case .waitlistOfferDuration(let offer):
            return ["key": setting.key.name, "hours": offer.hours]
        case .cancellationFees(let fees):
            return ["key": setting.key.name, "lateCancellationCents": fees.lateCancellation.cents, "noShowCents": fees.noShow.cents]
        case .decisionRule(let type, let rule):
            var object: Object = [
                "key": setting.key.name, "type": type.rawValue, "voterClasses": rule.voterClasses.sorted().map(\.rawValue),
                "quorumPercent": rule.quorumPercent, "threshold": rule.threshold.rawValue, "thresholdBase": rule.thresholdBase.rawValue,
                "proxiesAllowed": rule.proxies.allowed, "proxiesPerHolder": rule.proxies.maximumPerHolder,
                "votingPeriodSeconds": Int(rule.votingPeriod), "excludesProbationers": rule.excludesProbationers,
            ]
            if case .perClass(let weights) = rule.weighting {
                object["weights"] = Dictionary(uniqueKeysWithValues: weights.map { ($0.key.rawValue, $0.value) })
            }
            return object
        }
    }

    static func decodeSetting(_ object: Object) throws -> GovernedSetting {
        let key = object["key"] as? String ?? ""
        if key == GovernedSettingKey.cancellationWindow.name, let seconds = int(object["seconds"]) {
            return .cancellationWindow(CancellationWindow(seconds: seconds))
        }
        if key == GovernedSettingKey.sessionReminderLeads.name, let hours = object["hours"] as? [Any] {
            return .sessionReminderLeads(SessionReminderLeads(hours: hours.compactMap { int($0) }))
        }
        if key == GovernedSettingKey.groupReminderLead.name, let hours = int(object["hours"]) {
            return .groupReminderLead(GroupReminderLead(hours: hours))
        }
        if key == GovernedSettingKey.waitlistOfferDuration.name, let hours = int(object["hours"]) {
            return .waitlistOfferDuration(WaitlistOfferDuration(hours: hours))
        }
        if key == GovernedSettingKey.cancellationFees.name, let late = int(object["lateCancellationCents"]), let noShow = int(object["noShowCents"]) {
            return .cancellationFees(CancellationFees(lateCancellation: Money(cents: late), noShow: Money(cents: noShow)))
        }
        if key == GovernedSettingKey.slidingScale.name, let tiers = object["tiers"] as? [Object] {
            return .slidingScale(
                SlidingScale(
                    tiers: tiers.map { tier in
                        SlidingScaleTier(
                            name: tier["name"] as? String ?? "", incomeFrom: Cents(int64(tier["from"]) ?? 0),
                            incomeBelow: int64(tier["below"]).map { Cents($0) }, fee: Cents(int64(tier["fee"]) ?? 0)
                        )
                    }
                )
            )
        }
        if let type = DecisionType(rawValue: object["type"] as? String ?? ""), key == GovernedSettingKey.decisionRule(type).name,
            let threshold = PassingThreshold(rawValue: object["threshold"] as? String ?? "")
        {
            let classes = Set(((object["voterClasses"] as? [String]) ?? []).compactMap(MemberClassID.init(rawValue:)))
            var weighting = VoteWeighting.onePerMember
            if let weights = object["weights"] as? [String: Any] {
                var parsed: [MemberClassID: Int] = [:]
                for (key, value) in weights {
                    if let id = MemberClassID(rawValue: key), let weight = int(value) { parsed[id] = weight }
                }
                weighting = .perClass(parsed)
            }
            let allowed = bool(object["proxiesAllowed"]) ?? false
            let rule = DecisionRule(
                voterClasses: classes, quorumPercent: int(object["quorumPercent"]) ?? 0, threshold: threshold,
                thresholdBase: ThresholdBase(rawValue: object["thresholdBase"] as? String ?? "") ?? .votesCast,
                proxies: allowed ? .upTo(int(object["proxiesPerHolder"]) ?? 1) : .notAllowed,
                votingPeriod: TimeInterval(int(object["votingPeriodSeconds"]) ?? 7 * 86400), weighting: weighting,
                excludesProbationers: bool(object["excludesProbationers"]) ?? false
            )
            return .decisionRule(type, rule)
        }
        throw GovernanceDecodingError(what: "setting")
    }
}
