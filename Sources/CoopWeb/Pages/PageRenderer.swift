import CoopDomain
import Foundation
import Hummingbird
import Mustache

/// Renders Mustache templates (escaped by default) inside the base layout, with the viewer's strings.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let catalog: Catalog
    let configuration: WebConfiguration

    /// Loads every template under `Resources/Templates`.
    static func load(catalog: Catalog, configuration: WebConfiguration) async throws -> PageRenderer {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil, subdirectory: "Resources")?.path else {
            throw CatalogError.missing("templates")
        }
        let library = try await MustacheLibrary(directory: folder)
        guard library.getTemplate(named: "layout") != nil else { throw CatalogError.missing("templates in \(folder)") }
        return PageRenderer(library: library, catalog: catalog, configuration: configuration)
    }

    /// Renders `template` with `model`, adding the layout's shared values: strings, language, user, CSRF token.
    func render(_ template: String, title: String, model: [String: Any] = [:], status: HTTPResponse.Status = .ok, context: CoopRequestContext) -> Response {
        var values = model
        let language = context.language
        values["t"] = catalog.tree(language)
        values["currentPath"] = context.path
        values["lang"] = language.rawValue
        values["title"] = catalog.text(title, language)
        values["csrf"] = context.csrfToken
        values["requestID"] = context.id
        values["otherLanguage"] = language == .english ? "es" : "en"
        values["otherLanguageName"] = catalog.text(language == .english ? "language.es" : "language.en", language)
        if let session = context.session, context.actor.isSignedIn {
            var user: [String: Any] = ["name": session.member.displayName.value]
            user["isCoordinator"] = session.actor.has(.coordinator)
            user["canListMembers"] = AccessPolicy.decide(session.actor, .listMembers).isAllowed
            user["canViewAudit"] = AccessPolicy.decide(session.actor, .viewAuditLog).isAllowed
            values["user"] = user
        }
        let html = library.render(values, withTemplate: template) ?? ""
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A date and time in the viewer's zone, with the zone named.
    func dateTime(_ date: Date, context: CoopRequestContext) -> String {
        var style = Date.FormatStyle(date: .abbreviated, time: .shortened, locale: Locale(identifier: context.language.rawValue), timeZone: configuration.timeZone)
        style.timeZone = configuration.timeZone
        return date.formatted(style) + " " + (configuration.timeZone.abbreviation(for: date) ?? configuration.timeZone.identifier)
    }
}

extension PageRenderer {
    /// Puts the message for a refused form into `model["error"]` and returns the status to answer with (200 when none).
    func note(_ error: (any Error)?, in model: inout [String: Any], context: CoopRequestContext) -> HTTPResponse.Status {
        guard let error else { return .ok }
        let description = ErrorMapping.describe(error)
        model["error"] = catalog.text(description.messageKey, context.language, description.values)
        return description.status
    }
}
