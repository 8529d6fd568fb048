import Foundation

/// One credential that needs renewing soon, for the nightly expiry-warning job (DOMAIN.md §3).
public struct ExpiryNotice: Hashable, Sendable {
    /// What expires.
    public enum Item: Hashable, Sendable {
        case license(Credential)
        case privilege(CompactPrivilege)
        case temporary(TemporaryAuthorization)
        case supervisorLicense(SupervisionLink)
    }

    /// The credential.
    public let item: Item
    /// Its last valid day.
    public let lastValidDay: LocalDate
    /// Days from today to the last valid day (0 = expires at the end of today, negative = already lapsed).
    public let daysLeft: Int

    /// The reminder, as a message key with values.
    public var message: LocalizedMessage {
        LocalizedMessage("credential.expiry.reminder", ["date": lastValidDay.description, "days": String(daysLeft)])
    }
}

/// Which credentials expire soon.
public enum CredentialExpiry {
    /// Active licences, privileges, temporary authorisations and supervisors' licences whose last valid day is
    /// between `today` and `today + days` inclusive; with `includeLapsed`, also those already past but still
    /// recorded as active. Sorted by last valid day.
    public static func expiring(
        _ credentials: PracticeCredentials,
        within days: Int,
        of today: LocalDate,
        includeLapsed: Bool = false
    ) -> [ExpiryNotice] {
        let lastDay = today.adding(days: days)
        var notices: [ExpiryNotice] = []
        /// Adds a notice when `date` falls in the reporting range.
        func add(_ item: ExpiryNotice.Item, _ date: LocalDate) {
            guard date <= lastDay, includeLapsed || date >= today else { return }
            notices.append(ExpiryNotice(item: item, lastValidDay: date, daysLeft: today.days(until: date)))
        }
        for licence in credentials.licenses where licence.status == .active { add(.license(licence), licence.expires) }
        for privilege in credentials.privileges { add(.privilege(privilege), privilege.validThrough) }
        for authorisation in credentials.temporary { add(.temporary(authorisation), authorisation.validThrough) }
        for link in credentials.supervision where link.supervisorLicense.status == .active && (link.validThrough ?? lastDay) >= today {
            add(.supervisorLicense(link), link.supervisorLicense.expires)
        }
        return notices.sorted { ($0.lastValidDay, $0.daysLeft) < ($1.lastValidDay, $1.daysLeft) }
    }
}
