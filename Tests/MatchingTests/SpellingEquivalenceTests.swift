import AuditRecords
import Matching
import ScenarioLanguage
import Testing

/// Values that differ in spelling only: an interpreted value holding a comma (`mode=file,644`)
/// against its raw form, and hex syscall arguments with or without `0x`, 32 or 64 bits wide.
@Suite struct SpellingEquivalenceTests {
    func matches(_ expected: String, _ actual: String, field: String, type: String = "SYSCALL", form: RecordForm = .raw) -> Bool {
        let record = AuditRecord(type: type, stamp: RecordStamp(time: "1700000000.123", serial: 1),
                                 fields: [RecordField(name: field, value: actual)], text: "", form: form)
        var bindings: [String: String] = [:]
        return FieldComparison.matches(.equals(.literal(expected)), field: field, in: record, bindings: &bindings)
    }

    @Test func anInterpretedModeWithACommaMatchesItsRawForm() {
        let interpretedExpected = matches("file,644", "0100644", field: "mode", type: "PATH")
        let rawExpected = matches("0100644", "file,644", field: "mode", type: "PATH", form: .interpreted)
        let sticky = matches("dir,sticky,777", "041777", field: "mode", type: "PATH")
        #expect(interpretedExpected)
        #expect(rawExpected)
        #expect(sticky)
    }

    @Test func anotherModeStillDiffers() {
        let interpretedExpected = matches("file,600", "0100644", field: "mode", type: "PATH")
        let rawExpected = matches("0100600", "file,644", field: "mode", type: "PATH", form: .interpreted)
        #expect(!interpretedExpected)
        #expect(!rawExpected)
    }

    @Test func aRealListIsStillASet() {
        let swapped = matches("123452,123451", "123451,123452", field: "contid", type: "CONTAINER_ID")
        let other = matches("123452,123453", "123451,123452", field: "contid", type: "CONTAINER_ID")
        let shorter = matches("123452", "123451,123452", field: "contid", type: "CONTAINER_ID")
        #expect(swapped)
        #expect(!other)
        #expect(!shorter)
    }

    @Test func syscallArgumentsMatchWithOrWithoutTheHexPrefix() {
        let prefixedExpected = matches("0x1b6", "1b6", field: "a3")
        let prefixedRecord = matches("1b6", "0x1b6", field: "a3", form: .interpreted)
        let upper = matches("0x1B6", "1b6", field: "a3")
        let otherNumber = matches("0x1b7", "1b6", field: "a3")
        let otherPrefixed = matches("1b7", "0x1b6", field: "a3", form: .interpreted)
        #expect(prefixedExpected)
        #expect(prefixedRecord)
        #expect(upper)
        #expect(!otherNumber)
        #expect(!otherPrefixed)
    }

    @Test func aNegativeIntArgumentMatchesIn32And64Bits() {
        let wideExpected = matches("0xffffffffffffff9c", "ffffff9c", field: "a0")
        let narrowExpected = matches("ffffff9c", "ffffffffffffff9c", field: "a0")
        let wideInterpreted = matches("ffffff9c", "0xffffffffffffff9c", field: "a0", form: .interpreted)
        // Only a 32-bit value with its top bit set is a negative int; another upper half is another number.
        let positive = matches("7fffff9c", "ffffffff7fffff9c", field: "a0")
        let otherUpperHalf = matches("ffffff9c", "00000001ffffff9c", field: "a0")
        #expect(wideExpected)
        #expect(narrowExpected)
        #expect(wideInterpreted)
        #expect(!positive)
        #expect(!otherUpperHalf)
    }

    @Test func onlyFieldsTheKernelPrintsInHexAreReadAsHex() {
        let socketcall = matches("0x2", "2", field: "a1", type: "SOCKETCALL")
        let arch = matches("0xc000003e", "c000003e", field: "arch")
        let execveString = matches("0x1b6", "1b6", field: "a0", type: "EXECVE")
        let decimalField = matches("0x10", "10", field: "exit")
        #expect(socketcall)
        #expect(arch)
        #expect(!execveString)
        #expect(!decimalField)
    }

    /// The quick test that passes over records before matching must not rule these out.
    @Test func theQuickTestLetsEquivalentSpellingsThrough() {
        let record = Samples.record("SYSCALL", "arch=c000003e syscall=257 a0=ffffff9c a3=1b6")
        let path = Samples.record("PATH", "item=1 mode=0100644")
        let expected = Samples.expectedEvent(Samples.expected("SYSCALL", "a0=0xffffffffffffff9c", "a3=0x1b6"),
                                             Samples.expected("PATH", "mode=file,644"))
        let wrong = Samples.expectedEvent(Samples.expected("SYSCALL", "a0=0xffffffffffffff9c", "a3=0x1b7"),
                                          Samples.expected("PATH", "mode=file,644"))
        let event = Samples.event(record, path)
        let bound = EventComparison.scoreBound(expected, with: event, variables: [:])
        let wrongBound = EventComparison.scoreBound(wrong, with: event, variables: [:])
        #expect(bound == EventComparison.perfectScore(expected))
        #expect(wrongBound == EventComparison.perfectScore(wrong) - 1)
    }
}
