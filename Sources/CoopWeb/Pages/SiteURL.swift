/// Every page address in one place, so links and routes cannot drift apart.
enum SiteURL {
    static let home = "/"
    static let signIn = "/sign-in"
    static let secondFactor = "/sign-in/second-factor"
    static let signOut = "/sign-out"
    static let language = "/language"
    static let account = "/account"
    static let accountSignOutEverywhere = "/account/sign-out-everywhere"
    static let accountMFA = "/account/second-factor"
    static let accountMFAStart = "/account/second-factor/start"
    static let accountMFAConfirm = "/account/second-factor/confirm"
    static let accountTokens = "/account/api-tokens"
    static let members = "/members"
    static let memberInvitations = "/members/invitations"
    static let audit = "/audit"
    static let auditVerify = "/audit/verify"
    static let proposals = "/proposals"
    static let decisions = "/decisions"
    static let decisionsFeed = "/decisions.atom"
    static let governedSettings = "/settings"
    static let stylesheet = "/static/app.css"

    static func proposal(_ id: String) -> String { "/proposals/\(id)" }
}
