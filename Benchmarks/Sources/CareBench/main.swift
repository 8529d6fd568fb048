// CareBench: the care-access speed goals of issue 4, timed in process on a release build.
//   1. the directory search with open times (state + language) over 2,000 therapists and 14 days: p50/p95/p99;
//   2. bookings per second on SQLite with the database's no-overlap guarantee, one after another and concurrently.
// Usage: swift run -c release --package-path Benchmarks CareBench [THERAPISTS] [SEARCHES]
// It uses a throwaway SQLite file (the same open, migrations and stores as `coopcare serve`) and removes it after.
import CoopApp
import CoopData
import CoopDomain
import CoopTestSupport
import Foundation

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

/// CPU time (user + system) this process has used so far, in milliseconds: on a busy machine the wall-clock figures
/// stretch with the load, while CPU per operation does not.
func cpuMilliseconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
}

// `CareBench seed DIR [THERAPISTS]`: only fill DIR/db.sqlite (key DIR/master.key) with the therapists, for
// `coopcare serve` to answer the search over HTTP (run-care.sh).
if CommandLine.arguments.dropFirst().first == "seed", CommandLine.arguments.count >= 3 {
    let folder = CommandLine.arguments[2]
    let count = CommandLine.arguments.dropFirst(3).first.flatMap { Int($0) } ?? 2000
    let services = try await CoopServices.start(
        databaseURL: .sqlite(path: folder + "/db.sqlite"), masterKey: try MasterKey.load(environmentValue: nil, file: folder + "/master.key"),
        publicURL: "http://127.0.0.1"
    )
    let states: [USState] = [.CA, .NY, .TX, .WA, .OR]
    for index in 0..<count {
        try await CareTestData.therapist(
            services.database, name: "Therapist \(index)", states: [states[index % states.count]], languages: index % 3 == 0 ? ["es", "en"] : ["en"],
            now: Date()
        )
    }
    await services.database.close()
    print("seeded \(count) therapists into \(folder)/db.sqlite")
    exit(0)
}

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let therapistCount = arguments.first ?? 2000
let searchCount = arguments.dropFirst().first ?? 200

setenv("COOPCARE_PASSWORD_COST", "test", 1)
let clock = TestClock(CareTestData.monday)
let harness = try await TestServices.make(clock: clock)
let services = harness.services
let care = CareAccess(services: services)
let states: [USState] = [.CA, .NY, .TX, .WA, .OR]

let seeding = ContinuousClock.now
var records: [TherapistRecord] = []
for index in 0..<therapistCount {
    records.append(
        try await CareTestData.therapist(
            services.database, name: "Therapist \(index)", states: [states[index % states.count]],
            languages: index % 3 == 0 ? ["es", "en"] : ["en"]
        )
    )
}
print("seeded \(therapistCount) therapists in \(Int(milliseconds(ContinuousClock.now - seeding))) ms")

let query = DirectoryQuery(state: .CA, language: try LanguageCode("es"))
var found = 0
for _ in 0..<10 { found = try await care.search(query, actor: .anonymous, origin: .system).count }
var timings: [Double] = []
var cpuStart = cpuMilliseconds()
for _ in 0..<searchCount {
    let started = ContinuousClock.now
    found = try await care.search(query, actor: .anonymous, origin: .system).count
    timings.append(milliseconds(ContinuousClock.now - started))
}
timings.sort()
print(String(
    format: "search state=CA language=es over %d therapists (%d results), %d runs: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms; CPU %.2f ms a search",
    therapistCount, found, searchCount, percentile(timings, 0.5), percentile(timings, 0.95), percentile(timings, 0.99),
    (cpuMilliseconds() - cpuStart) / Double(searchCount)
))

// Bookings: each client books one hour with a CA therapist; every booking goes through the use case (policy, licence
// and availability checks, the slot claims, the audit entry) in its own transaction.
let californians = records.filter { $0.profile.credentials.licenses[0].state == .CA }
var clients: [Actor] = []
for _ in 0..<8 {
    let (client, _) = try await TestServices.member(services, roles: [.client])
    clients.append(Actor(memberID: client.id, roles: [.client], mfaSatisfied: true))
}
let hours = ["09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]
func commands(day: String) -> [BookingCommand] {
    californians.flatMap { record in
        hours.map { BookingCommand(therapist: record.id, start: CareTestData.instant(day, $0), clientState: .CA) }
    }
}

let sequential = Array(commands(day: "2026-01-06").prefix(2000))
var started = ContinuousClock.now
cpuStart = cpuMilliseconds()
for command in sequential { try await care.book(command, actor: clients[0], origin: .system) }
var seconds = milliseconds(ContinuousClock.now - started) / 1000
print(String(
    format: "%d bookings one after another: %.0f bookings/s; CPU %.3f ms a booking", sequential.count, Double(sequential.count) / seconds,
    (cpuMilliseconds() - cpuStart) / Double(sequential.count)
))

let concurrent = Array(commands(day: "2026-01-07").prefix(2000))
started = ContinuousClock.now
cpuStart = cpuMilliseconds()
try await withThrowingTaskGroup(of: Void.self) { group in
    for lane in 0..<8 {
        group.addTask {
            for (index, command) in concurrent.enumerated() where index % 8 == lane {
                try await care.book(command, actor: clients[lane], origin: .system)
            }
        }
    }
    try await group.waitForAll()
}
seconds = milliseconds(ContinuousClock.now - started) / 1000
print(String(
    format: "%d bookings from 8 concurrent clients: %.0f bookings/s; CPU %.3f ms a booking", concurrent.count, Double(concurrent.count) / seconds,
    (cpuMilliseconds() - cpuStart) / Double(concurrent.count)
))

timings = []
cpuStart = cpuMilliseconds()
for _ in 0..<searchCount {
    let started = ContinuousClock.now
    found = try await care.search(query, actor: .anonymous, origin: .system).count
    timings.append(milliseconds(ContinuousClock.now - started))
}
timings.sort()
print(String(
    format: "search again with %d bookings held: p50 %.2f ms, p95 %.2f ms; CPU %.2f ms a search", sequential.count + concurrent.count,
    percentile(timings, 0.5), percentile(timings, 0.95), (cpuMilliseconds() - cpuStart) / Double(searchCount)
))
await harness.cleanup()
