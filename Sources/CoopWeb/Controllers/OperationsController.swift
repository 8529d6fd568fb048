import CoopApp
import CoopData
import Foundation
import Hummingbird
import Prometheus

/// Health, readiness and metrics for the people and tools that run the service.
struct OperationsController {
    let services: CoopServices
    let registry: PrometheusCollectorRegistry

    func addRoutes(to router: Router<CoopRequestContext>) {
        router.get("/health") { _, _ in Self.text("ok\n") }
        router.get("/ready") { _, _ in
            // Ready means the database answers and every migration has been applied.
            let current = (try? await MigrationRunner(database: services.database).isCurrent()) ?? false
            return current ? Self.text("ready\n") : Self.text("not ready\n", status: .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    static func text(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
