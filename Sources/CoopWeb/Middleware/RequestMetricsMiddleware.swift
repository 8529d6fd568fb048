import Foundation
import Hummingbird
import Prometheus

/// Counts requests by method and status class and records their durations, for `/metrics`.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: PrometheusCollectorRegistry
    let duration: DurationHistogram

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        self.duration = registry.makeDurationHistogram(
            name: "coopcare_http_request_duration_seconds",
            buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5)],
            help: "Time to answer an HTTP request"
        )
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            duration.record(ContinuousClock.now - start)
            registry.makeCounter(
                name: "coopcare_http_requests_total", labels: [("method", request.method.rawValue), ("status", "\(status / 100)xx")],
                help: "HTTP requests answered"
            ).increment()
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }
}
