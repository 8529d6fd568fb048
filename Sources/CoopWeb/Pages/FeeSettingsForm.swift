import CoopApp
import CoopDomain
import Foundation

/// The proposal form's choice for the governed late-cancellation and no-show fees: reading it, and the amounts typed
/// when the form comes back with an error. An amount that is not dollars and cents is refused with the same message
/// as one out of range, which names the limits.
enum FeeSettingsForm {
    /// The `setting` radio value this form handles.
    static let choice = "cancellation-fees"

    /// The fees typed in `form` (an empty field is no fee); throws when either is not an amount from $0 to the largest.
    static func setting(from form: FormFields) throws(GovernanceError) -> GovernedSetting {
        func amount(_ field: String) throws(GovernanceError) -> Money {
            let text = form[field].trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return .zero }
            guard let money = Money(dollars: text) else { throw .invalidSetting(.cancellationFeeOutOfRange(cents: -1)) }
            return money
        }
        let setting = GovernedSetting.cancellationFees(CancellationFees(lateCancellation: try amount("late_cancel_fee"), noShow: try amount("no_show_fee")))
        try setting.validate(knownClasses: [])
        return setting
    }

    /// The form model's entries for this choice.
    static func model(form: FormFields?) -> [String: Any] {
        [
            "feesChecked": form?["setting"] == choice,
            "formLateCancelFee": String((form?["late_cancel_fee"] ?? "").prefix(12)),
            "formNoShowFee": String((form?["no_show_fee"] ?? "").prefix(12)),
        ]
    }

    /// The setting's name in the viewer's language, for the settings page and proposals.
    static func name(_ key: GovernedSettingKey, renderer: PageRenderer, language: Language) -> String? {
        key == .cancellationFees ? renderer.catalog.text("fees.setting", language) : nil
    }

    /// The setting's value in words.
    static func value(_ setting: GovernedSetting, renderer: PageRenderer, language: Language) -> String? {
        guard case .cancellationFees(let fees) = setting else { return nil }
        if fees == .standard { return renderer.catalog.text("fees.value_none", language) }
        return renderer.catalog.text("fees.value", language, ["late": fees.lateCancellation.description, "noshow": fees.noShow.description])
    }
}
