/// Medians and percentiles of timings, and the lines the benchmark prints.
enum Statistics {
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    /// "name   median  x ms   p90  y ms", milliseconds in.
    static func line(_ name: String, _ milliseconds: [Double], width: Int = 22) -> String {
        name.padding(toLength: width, withPad: " ", startingAt: 0)
            + String(format: "median %7.2f ms   p90 %7.2f ms", percentile(milliseconds, 0.5), percentile(milliseconds, 0.9))
    }
}
