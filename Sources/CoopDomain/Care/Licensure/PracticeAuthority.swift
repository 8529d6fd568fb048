import Foundation

/// Decides whether a clinician may see a client located in a given state on a given date (DOMAIN.md §3:
/// care happens where the client is, so the clinician needs authority from that state).
///
/// Bases are tried in this order, and the first that holds is returned: a licence from the state; an associate
/// registration from the state with a qualified supervisor in force; a compact privilege covering the state
/// (resting on a valid independent licence in its home state); a temporary authorisation for the state.
public enum PracticeAuthority {
    /// Whether `credentials` cover a client in `clientState` on `date`.
    ///
    /// - Parameters:
    ///   - delivery: telehealth or in person (PSYPACT APIT covers only telehealth, TAP only in person).
    ///   - client: the client, needed for temporary authorisations limited to one existing client.
    ///   - clinicianLocation: where the clinician is during the session, when known; APIT needs them in the home state
    ///     or in another compact state where they hold a full psychology licence (PSYPACT Art. III).
    public static func covers(
        _ credentials: PracticeCredentials,
        clientState: USState,
        on date: LocalDate,
        delivery: Delivery = .telehealth,
        client: MemberID? = nil,
        clinicianLocation: USState? = nil,
        rules: LicensureRules = .standard
    ) -> PracticeCoverage {
        var gaps: [CoverageGap] = []

        for licence in credentials.licenses where licence.state == clientState && !licence.type.isAssociate {
            guard let problem = licence.problem(on: date) else { return .covered(.license(licence)) }
            gaps.append(problem)
        }

        for registration in credentials.licenses where registration.state == clientState && registration.type.isAssociate {
            if let problem = registration.problem(on: date) {
                gaps.append(problem)
                continue
            }
            let link = credentials.supervision.first { $0.supervises(registration.type, in: clientState, on: date, rules: rules) }
            guard let link else {
                gaps.append(.associateWithoutSupervision(number: registration.number))
                continue
            }
            return .covered(.associateRegistration(registration, supervisor: link.supervisor))
        }

        for privilege in credentials.privileges where privilege.coveredStates.contains(clientState) {
            if let gap = problem(
                privilege,
                clientState: clientState,
                on: date,
                delivery: delivery,
                clinicianLocation: clinicianLocation,
                credentials: credentials,
                rules: rules
            ) {
                gaps.append(gap)
            } else {
                return .covered(.compactPrivilege(privilege))
            }
        }

        for authorisation in credentials.temporary where authorisation.state == clientState {
            if let gap = problem(authorisation, on: date, client: client, credentials: credentials, rules: rules) {
                gaps.append(gap)
            } else {
                return .covered(.temporaryAuthorization(authorisation))
            }
        }

        return .notCovered(gaps.isEmpty ? [.noAuthorityInState(clientState)] : gaps)
    }

    /// Why a compact privilege does not cover the state on the date, or nil when it does.
    static func problem(
        _ privilege: CompactPrivilege,
        clientState: USState,
        on date: LocalDate,
        delivery: Delivery,
        clinicianLocation: USState?,
        credentials: PracticeCredentials,
        rules: LicensureRules
    ) -> CoverageGap? {
        let kind = privilege.kind
        if rules.compactNonMembers[kind.compact]?.contains(clientState) == true { return .stateNotInCompact(kind.compact, clientState) }
        guard privilege.isInWindow(date) else { return .privilegeOutsideWindow(kind, identifier: privilege.identifier) }
        guard kind.allows(delivery) else { return .privilegeNotForDelivery(kind, delivery) }
        // Compact authority rests on an independent home licence; associates' registrations never qualify.
        guard credentials.independentLicense([kind.profession], in: privilege.homeState, on: date) != nil else {
            return .homeLicenseInvalid(kind, homeState: privilege.homeState)
        }
        // PSYPACT Art. III: a psychologist licensed in several compact states has as Home State the one they are
        // physically in, so APIT holds from any compact state where they hold a full licence, and from no other.
        if kind == .psypactAPIT, let clinicianLocation, clinicianLocation != privilege.homeState {
            let nonMember = rules.compactNonMembers[.psypact]?.contains(clinicianLocation) == true
            if nonMember || credentials.independentLicense([.psychology], in: clinicianLocation, on: date) == nil {
                return .clinicianNotInHomeState(kind, homeState: privilege.homeState, clinicianIn: clinicianLocation)
            }
        }
        return nil
    }

    /// Why a temporary authorisation does not cover the date, or nil when it does.
    static func problem(
        _ authorisation: TemporaryAuthorization,
        on date: LocalDate,
        client: MemberID?,
        credentials: PracticeCredentials,
        rules: LicensureRules
    ) -> CoverageGap? {
        let state = authorisation.state
        guard authorisation.isInWindow(date) else {
            return .temporaryOutsideWindow(state, validFrom: authorisation.validFrom, validThrough: authorisation.validThrough)
        }
        if let limitedTo = authorisation.client, limitedTo != client { return .temporaryForAnotherClient(state) }
        if rules.basesNeedingApproval.contains(authorisation.basis), authorisation.approvalReference == nil {
            return .temporaryNeedsApproval(state)
        }
        guard credentials.independentLicense(authorisation.profession, excluding: state, on: date) != nil else {
            return .temporaryWithoutHomeLicense(state)
        }
        return nil
    }
}
