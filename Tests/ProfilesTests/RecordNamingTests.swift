import AuditRecords
import Profiles
import Runner
import Testing

/// Profiles name the records of their patch revision, and only those.
struct RecordNamingTests {
    func parse(_ line: String, profiles: [String]) throws -> AuditRecord {
        let parser = RecordNaming(profiles: try ProfileSet.resolve(profiles)).parser()
        return try parser.parseLine(Array(line.utf8)).get()
    }

    @Test func aReusedNumberIsNamedByTheProfileOnlyWhenTheRecordCarriesThePatchField() throws {
        let contid = try parse("type=UNKNOWN[1332] msg=audit(1700000000.123:1): contid=123459", profiles: ["ghak90-v5"])
        #expect(contid.type == "CONTAINER_ID")
        let mainline = try parse("type=TIME_INJOFFSET msg=audit(1700000000.123:2): sec=0 nsec=1000", profiles: ["ghak90-v5"])
        #expect(mainline.type == "TIME_INJOFFSET", "a true TIME_INJOFFSET keeps its name")
    }

    /// records.md 6: stock auditd logs a V11 CONTAINER_ID as URINGOP.
    @Test func stockAuditdsURINGOPWithAContidIsAV11ContainerID() throws {
        let record = try parse("type=URINGOP msg=audit(1700000000.123:3): record=1 contid=123456", profiles: ["ghak90-v11"])
        #expect(record.type == "CONTAINER_ID")
        #expect(record.typeNumber == 1336)
        let v5 = try parse("type=URINGOP msg=audit(1700000000.123:3): record=1 contid=123456", profiles: ["ghak90-v5"])
        #expect(v5.type == "URINGOP", "in V5 CONTAINER_ID was 1332, so 1336 is not the patch's")
    }

    @Test func collisionsWithMainlineAreReported() throws {
        let notes = RecordNaming(profiles: try ProfileSet.resolve(["ghak90-v5"])).collisions()
        #expect(notes.contains { $0.contains("CONTAINER_ID 1332") && $0.contains("TIME_INJOFFSET") })
    }

    /// The note concerns only scenarios that name a type concerned (issue 14, item 9).
    @Test func collisionsAreNotedOnlyForTheTypesNamed() throws {
        let naming = RecordNaming(profiles: try ProfileSet.resolve(["ghak90-v11"]))
        #expect(naming.collisions(naming: ["SYSCALL", "PATH", "OBJ_PID"]).isEmpty)
        #expect(naming.collisions(naming: ["CONTAINER_ID"]).count == 1)
        #expect(naming.collisions(naming: ["URINGOP"]).count == 1)
        #expect(naming.collisions().count == 1)
    }

    @Test func refusalsDifferByRevisionAndUnknownOnesAreNotGuessed() throws {
        #expect(try ProfileSet.resolve(["ghak90-v8"]).refusal("threaded").refusal == .errno("EALREADY"))
        #expect(try ProfileSet.resolve(["ghak90-v11"]).refusal("threaded").refusal == .errno("EBUSY"))
        #expect(try ProfileSet.resolve(["ghak90-v5"]).refusal("self").refusal == .accepted)
        #expect(try ProfileSet.resolve(["ghak90-v9"]).refusal("owned-by-another").refusal == nil)
    }

    @Test func twoRevisionsOfOnePatchsetConflict() {
        #expect(throws: ProfileSet.Conflict.self) { try ProfileSet.resolve(["ghak90-v5", "ghak90-v11"]) }
        #expect(throws: ProfileSet.Conflict.self) { try ProfileSet.resolve(["ghak90-v12"]) }
    }
}
