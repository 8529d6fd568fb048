import Foundation

extension CountResult {
    /// The count as a plain-text table: one row per candidate, one column per stage (wrapped into blocks that fit
    /// in 150 columns), then what happened at each stage, the elected candidates and any ties broken.
    ///
    /// Cells show votes to five decimals; `E` marks an elected candidate, `X` the stage a candidate was excluded,
    /// `-` an excluded or withdrawn candidate afterwards.
    public var tableText: String {
        var lines: [String] = [title.isEmpty ? "Count" : title]
        var heading = "Rule: \(Self.ruleName(rule))   Seats: \(seats)   Valid votes: \(validVotes)"
        if let quota { heading += "   Quota: \(quota)" }
        if blankBallots > 0 { heading += "   Blank ballots: \(blankBallots)" }
        lines.append(heading)
        let labels = candidates + ["Non-transferable", "Residue", "Total"]
        let labelWidth = labels.map(\.count).max() ?? 0
        let cells = stages.map { column(for: $0) }
        let cellWidth = max(9, cells.flatMap { $0 }.map(\.count).max() ?? 0) + 2
        let perBlock = max(1, (150 - labelWidth) / cellWidth)
        for blockStart in stride(from: 0, to: stages.count, by: perBlock) {
            let block = blockStart..<min(blockStart + perBlock, stages.count)
            lines.append("")
            lines.append(Self.pad("", labelWidth) + block.map { Self.padLeft("Stage \(stages[$0].number)", cellWidth) }.joined())
            for row in labels.indices {
                lines.append(Self.pad(labels[row], labelWidth) + block.map { Self.padLeft(cells[$0][row], cellWidth) }.joined())
            }
        }
        lines.append("")
        for stage in stages {
            lines.append("Stage \(stage.number): \(stage.description)")
        }
        lines.append("")
        lines.append("Elected: " + elected.map { "\($0.name) (\($0.votes))" }.joined(separator: ", "))
        if !notes.isEmpty {
            lines.append("Ties: " + notes.joined(separator: "; "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The cells of one stage's column: candidates, then non-transferable, residue and total.
    private func column(for stage: Stage) -> [String] {
        var cells: [String] = candidates.indices.map { index in
            let votes = stage.votes[index].description
            switch stage.states[index] {
            case .elected: return votes + " E"
            case .excluded: return stage.excludedHere.contains(index) ? votes + " X" : (stage.votes[index] == .zero ? "-" : votes + "  ")
            case .withdrawn: return "-"
            case .hopeful, .notElected: return votes + "  "
            }
        }
        cells += [stage.nonTransferable.description + "  ", stage.residue.description + "  ", stage.total.description + "  "]
        return cells
    }

    /// The heading name of a rule.
    private static func ruleName(_ rule: CountRule) -> String {
        switch rule {
        case .scottishSTV: "Scottish STV (SSI 2007/42)"
        case .meekSTV: "Meek STV (PRF reference rule)"
        case .irv: "Instant-runoff"
        case .borda: "Borda count"
        }
    }

    /// `text` padded with spaces on the right to `width` characters.
    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// `text` padded with spaces on the left to `width` characters.
    private static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
