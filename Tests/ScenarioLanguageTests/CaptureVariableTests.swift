import ScenarioLanguage
import Testing

/// A name no step binds is a capture when the expectations write it twice or more (`record=$n`
/// links two records); written once, it is an error, most often a misspelt name.
struct CaptureVariableTests {
    @Test func aNameWrittenInTwoExpectedFieldsIsACapture() throws {
        let scenario = try ScenarioText.parse(ScenarioText.titled("expect event unordered", "    type=SYSCALL record=$n key=k",
                                                        "    type=CONTAINER_ID record=$n contid=7")).get()
        #expect(scenario.expectations.first?.records.count == 2)
    }

    @Test func aNameWrittenOnceIsAnErrorThatTeachesCaptures() throws {
        let error = try ScenarioText.diagnostic(ScenarioText.titled("expect event", "    type=SYSCALL record=$n key=k"))
        #expect(error.location == SourceLocation(file: ScenarioText.path, line: 3, column: 25))
        #expect(error.message == "'$n' is not bound here")
        #expect(error.hint == "bind it with 'spawn n ...' before it is used, or write it in two expected fields to capture a value (record=$n in both)")
    }

    @Test func aMisspeltBoundNameStillGetsTheNearestName() throws {
        let error = try ScenarioText.diagnostic(ScenarioText.titled("spawn child sleep 30", "expect event", "    type=OBJ_PID opid=$chlid"))
        #expect(error.hint == "did you mean '$child'?")
    }
}
