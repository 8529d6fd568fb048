import CoopApp
import CoopDomain
import Foundation
import Hummingbird

extension GovernanceController {
    /// The emergency change form on the settings page: coordinators only; a reason, a new cancellation window and how
    /// many days it may last before it must be ratified.
    func addEmergencyRoutes(to router: Router<CoopRequestContext>) {
        router.post("/settings/emergency") { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            do {
                guard let hours = try PollForms.number(form["hours"], field: "hours", in: 0...168) else { throw PollFormError.field("hours") }
                let maximumDays = Int(EmergencyChange.longestDuration / 86400)
                guard let days = try PollForms.number(form["days"], field: "days", in: 1...maximumDays) else { throw PollFormError.field("days") }
                let poll = try await governance.enactEmergency(
                    actor: context.actor, setting: .cancellationWindow(.hours(hours)), reason: form["reason"], lasting: TimeInterval(days) * 86400,
                    origin: context.origin
                )
                return Response.redirect(to: SiteURL.proposal(poll.rawValue))
            } catch let error where error is PollFormError || error is GovernanceError {
                return try await settingsPage(context: context, form: form, error: error)
            }
        }
    }

    /// The governed settings page with the emergency changes on record and, for coordinators, the emergency form.
    func settingsPage(context: CoopRequestContext, form: FormFields? = nil, error: (any Error)? = nil) async throws -> Response {
        let overview = try await governance.settingsOverview(actor: context.actor, origin: context.origin)
        var model = DecisionModels.settings(overview, renderer: renderer, context: context)
        let language = context.language
        let names = try await governance.memberNames()
        model["emergencies"] = try await governance.emergencies().map { record -> [String: Any] in
            let change = record.change
            let state: String =
                switch change.state {
                case .inForce: "in-force"
                case .ratified: "ratified"
                case .reverted(.expired, _): "expired"
                case .reverted(.rejected, _): "rejected"
                }
            var row: [String: Any] = [
                "name": DecisionModels.settingName(change.setting.key, renderer: renderer, language: language),
                "value": DecisionModels.settingValue(change.setting, renderer: renderer, language: language),
                "previous": DecisionModels.settingValue(change.previous, renderer: renderer, language: language), "reason": change.reason,
                "by": names[change.enactedBy] ?? "—", "enacted": renderer.dateTime(change.enactedAt, context: context),
                "expires": renderer.dateTime(change.expiresAt, context: context),
                "state": renderer.catalog.text("emergency.state.\(state)", language),
            ]
            if let poll = record.ratificationPoll { row["pollID"] = poll.rawValue }
            return row
        }
        model["hasEmergencies"] = !((model["emergencies"] as? [Any])?.isEmpty ?? true)
        model["mayEnactEmergency"] = GovernancePolicy.decide(context.actor, .enactEmergencyChange).isAllowed
        model["emergencyMaxDays"] = Int(EmergencyChange.longestDuration / 86400)
        model["emergencyReasonMax"] = EmergencyChange.longestReason
        model["formHours"] = String((form?["hours"] ?? "").prefix(10))
        model["formDays"] = String((form?["days"] ?? "").prefix(10))
        model["formReason"] = String((form?["reason"] ?? "").prefix(EmergencyChange.longestReason + 500))
        let status = renderer.note(error, in: &model, context: context)
        return renderer.render("governed-settings", title: "gov.settings.title", model: model, status: status, context: context)
    }
}
