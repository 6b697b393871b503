import Foundation
import Reporters
import Testing

struct RunTimestampTests {
    /// The same text Foundation's ISO8601DateFormatter gives (which reports used before), read
    /// back to a time within a second or two of now.
    @Test func itIsUTCInISO8601() throws {
        let text = RunTimestamp.now()
        #expect(text.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil)
        let parsed = try #require(ISO8601DateFormatter().date(from: text))
        let drift = abs(parsed.timeIntervalSinceNow)
        #expect(drift < 5)
    }
}
