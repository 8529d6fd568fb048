import CoopApp
import CoopDomain
import Foundation
import Hummingbird

/// The home page: a welcome for visitors, the member's overview once signed in; and the stylesheet.
struct HomeController {
    let renderer: PageRenderer
    let stylesheet: ByteBuffer

    func addRoutes(to router: Router<CoopRequestContext>) {
        router.get("/") { _, context in
            guard let session = context.session, context.actor.isSignedIn else {
                return renderer.render("welcome", title: "home.title", context: context)
            }
            guard AccessPolicy.decide(context.actor, .viewOwnAccount).isAllowed else {
                return Response.redirect(to: SiteURL.accountMFA)
            }
            let language = context.language
            let model: [String: Any] = [
                "greeting": renderer.catalog.text("home.greeting", language, ["name": session.member.displayName.value]),
                "roles": session.member.roles.sorted().map { renderer.catalog.text($0.messageKey, language) }.joined(separator: ", "),
            ]
            return renderer.render("home", title: "home.title", model: model, context: context)
        }
        router.get(RouterPath(stringLiteral: SiteURL.stylesheet)) { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "public, max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: stylesheet))
        }
    }
}
