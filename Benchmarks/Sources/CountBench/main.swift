import CoopDomain
import Foundation

// Usage: CountBench RULE REPEATS FILE.blt …
// For each file: parses it once, counts it REPEATS times, and prints one JSON line with the median and best time of a
// count (parse excluded) and the elected, so a script can compare results and speed with another implementation.
let arguments = CommandLine.arguments
guard arguments.count >= 4, let rule = CountRule(rawValue: arguments[1]), let repeats = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: CountBench scottish-stv|meek-stv|irv|borda REPEATS FILE.blt …\n".utf8))
    exit(2)
}
for path in arguments.dropFirst(3) {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
        exit(1)
    }
    let parseStart = ContinuousClock.now
    let file = try BLTParser.parse(data)
    let parse = ContinuousClock.now - parseStart
    var times: [Double] = []
    var elected: [String] = []
    for _ in 0..<max(1, repeats) {
        let start = ContinuousClock.now
        let result = try count(file, rule: rule)
        let elapsed = ContinuousClock.now - start
        times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        elected = result.elected.map(\.name)
    }
    times.sort()
    let line: [String: Any] = [
        "file": path, "median_ms": times[times.count / 2], "best_ms": times[0],
        "parse_ms": Double(parse.components.attoseconds) / 1e15 + Double(parse.components.seconds) * 1000, "elected": elected,
    ]
    print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
}
