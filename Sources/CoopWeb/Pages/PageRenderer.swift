import CoopDomain
import Foundation
import Hummingbird
import Mustache

/// Renders Mustache templates (escaped by default) inside the base layout, with the viewer's strings.
/// The catalogue's fixed strings (`{{t.group.key}}`) are written into each template once per language when
/// the templates load, so a page render only looks up the values that change from request to request.
public struct PageRenderer: Sendable {
    let libraries: [Language: MustacheLibrary]
    let catalog: Catalog
    let configuration: WebConfiguration

    /// Loads every template under `Resources/Templates`, once for each language.
    static func load(catalog: Catalog, configuration: WebConfiguration) async throws -> PageRenderer {
        let sources = try templateSources()
        var libraries: [Language: MustacheLibrary] = [:]
        for language in Language.allCases {
            var library = MustacheLibrary()
            for (name, text) in sources {
                try library.register(localise(text, catalog: catalog, language: language), named: name)
            }
            guard library.getTemplate(named: "layout") != nil else { throw CatalogError.missing("layout template") }
            libraries[language] = library
        }
        return PageRenderer(libraries: libraries, catalog: catalog, configuration: configuration)
    }

    /// The raw text of every template, by name (file name without `.mustache`).
    static func templateSources() throws -> [String: String] {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil, subdirectory: "Resources") else {
            throw CatalogError.missing("templates")
        }
        var sources: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".mustache") {
            sources[String(file.dropLast(".mustache".count))] = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        }
        return sources
    }

    /// Replaces every `{{t.key}}` with the catalogue's text for `language`, HTML-escaped as Mustache would.
    static func localise(_ template: String, catalog: Catalog, language: Language) -> String {
        template.replacing(/\{\{\s*t\.([A-Za-z0-9_.\-]+)\s*\}\}/) { match in
            escapeHTML(catalog.text(String(match.1), language))
        }
    }

    static func escapeHTML(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Renders `template` with `model`, adding the layout's shared values: strings, language, user, CSRF token.
    func render(_ template: String, title: String, model: [String: Any] = [:], status: HTTPResponse.Status = .ok, context: CoopRequestContext) -> Response {
        var values = model
        let language = context.language
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
            user["canViewOutbox"] = AccessPolicy.decide(session.actor, .viewOutbox).isAllowed
            values["user"] = user
        }
        let html = libraries[language]?.render(values, withTemplate: template) ?? ""
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A date and time in the viewer's zone, with the zone named.
    func dateTime(_ date: Date, context: CoopRequestContext) -> String {
        ZonedTime.text(date, zone: viewerZone(context).timeZone, language: context.language, date: .abbreviated)
    }

    /// The co-op's own time zone.
    var coopZone: IANATimeZone { (try? IANATimeZone(configuration.timeZone.identifier)) ?? .utc }

    /// The zone a viewer reads times in when a page is not asked for another: the one the member chose on their
    /// account page, else the co-op's.
    func viewerZone(_ context: CoopRequestContext) -> IANATimeZone { context.timeZone ?? coopZone }
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
