import AuditRecords
import Testing

@Suite struct RecordParserKernelTests {
    let parser = RecordParser(typeName: { $0 == 1300 ? "SYSCALL" : nil })

    @Test func kernelPayloadGivesStampAndFieldsInOrder() throws {
        let record = try parser.parseKernelMessage(type: 1300, payload: Samples.kernelPayload()).get()
        #expect(record.type == "SYSCALL")
        #expect(record.typeNumber == 1300)
        #expect(record.stamp == RecordStamp(time: "1700000000.123", serial: 42))
        #expect(record.fields == [RecordField(name: "a", value: "b"),
                                  RecordField(name: "c", value: "x y", quoting: .double)])
        #expect(record.text == "type=SYSCALL msg=audit(1700000000.123:42): a=b c=\"x y\"")
    }

    @Test func unnamedKernelTypeIsUnknownWithItsNumber() throws {
        let record = try parser.parseKernelMessage(type: 1336, payload: Samples.kernelPayload()).get()
        #expect(record.type == "UNKNOWN[1336]")
        #expect(record.typeNumber == 1336)
    }

    @Test func trailingNulAndNewlineAreDropped() throws {
        let record = try parser.parseKernelMessage(type: 1300, payload: Samples.kernelPayload(body: "key=k") + [0x0A, 0x00, 0x00]).get()
        #expect(record[field: "key"] == "k")
        #expect(record.text == "type=SYSCALL msg=audit(1700000000.123:42): key=k")
    }

    @Test func payloadWithoutStampIsUnreadableAtOffsetZero() throws {
        let bad = try #require(parser.parseKernelMessage(type: 1300, payload: Array("a=b".utf8)).failure)
        #expect(bad.offset == 0)
        #expect(bad.text == "a=b")
        #expect(bad.reason.contains("audit("))
    }

    @Test func bytesThatAreNotUTF8AreEscapedAndNothingIsDropped() throws {
        let payload = Samples.kernelPayload(body: "comm=a") + [0xFF, 0x62] + Array(" exe=/x".utf8)
        let record = try parser.parseKernelMessage(type: 1300, payload: payload).get()
        #expect(record[field: "comm"] == "a\\xFFb")
        #expect(record[field: "exe"] == "/x")
        #expect(record.text.hasSuffix("comm=a\\xFFb exe=/x"))
    }
}

@Suite struct RecordParserLineTests {
    @Test func logLineGivesTypeStampAndFields() throws {
        let record = try Samples.parseLine(Samples.logLine()).get()
        #expect(record.type == "SYSCALL")
        #expect(record.typeNumber == nil)
        #expect(record.node == nil)
        #expect(record.stamp?.description == "audit(1700000000.123:42)")
        #expect(record.fields.map(\.name) == ["arch", "syscall", "key"])
        #expect(record[field: "key"] == "k")
        #expect(record.fields.last?.quoting == .double)
        #expect(record.text == Samples.logLine())
    }

    @Test func nodePrefixIsKeptApart() throws {
        let record = try Samples.parseLine("node=host1 " + Samples.logLine()).get()
        #expect(record.node == "host1")
        #expect(record.type == "SYSCALL")
        #expect(record[field: "node"] == nil)
    }

    @Test func enrichedPartAfter0x1DIsSeparate() throws {
        let line = Samples.logLine(type: "USER_LOGIN", body: "pid=1 uid=0 auid=4294967295\u{1D}UID=\"root\" AUID=\"unset\"")
        let record = try Samples.parseLine(line).get()
        #expect(record.fields.map(\.name) == ["pid", "uid", "auid"])
        #expect(record[field: "auid"] == "4294967295")
        #expect(record.enrichedFields == [RecordField(name: "UID", value: "root", quoting: .double),
                                          RecordField(name: "AUID", value: "unset", quoting: .double)])
        #expect(record.text == line)
    }

    @Test func unknownTypeWithNumberInBrackets() throws {
        let record = try Samples.parseLine(Samples.logLine(type: "UNKNOWN[1336]")).get()
        #expect(record.type == "UNKNOWN[1336]")
        #expect(record.typeNumber == 1336)
    }

    @Test func unknownTypeIsNamedWhenTheProfileKnowsIt() throws {
        let parser = RecordParser(typeName: { $0 == 1336 ? "CONTAINER_ID" : nil })
        let record = try parser.parseLine(Array(Samples.logLine(type: "UNKNOWN[1336]").utf8)).get()
        #expect(record.type == "CONTAINER_ID")
        #expect(record.typeNumber == 1336)
    }

    @Test func numericTypeIsNamedOrUnknown() throws {
        let unnamed = try Samples.parseLine(Samples.logLine(type: "1336")).get()
        #expect(unnamed.type == "UNKNOWN[1336]")
        #expect(unnamed.typeNumber == 1336)
        let parser = RecordParser(typeName: { $0 == 1300 ? "SYSCALL" : nil })
        let named = try parser.parseLine(Array(Samples.logLine(type: "1300").utf8)).get()
        #expect(named.type == "SYSCALL")
        #expect(named.typeNumber == 1300)
    }

    @Test func singleQuotedMsgYieldsNestedFields() throws {
        let record = try Samples.parseLine(Samples.logLine(type: "USER_END", body: "pid=7 msg='op=x res=success'")).get()
        #expect(record.fields.map(\.name) == ["pid", "msg", "op", "res"])
        #expect(record.fields.map(\.nested) == [false, false, true, true])
        #expect(record[field: "msg"] == "op=x res=success")
        #expect(record[field: "op"] == "x")
        #expect(record[field: "res"] == "success")
    }

    /// The kernel writes a user message as `msg='%s'` whatever the text holds: an apostrophe
    /// inside it does not close it, in raw text nor in ausearch -i's (issue 14, item 3).
    @Test(arguments: [": ", " : "])
    func anApostropheInsideAUserMessageDoesNotCloseIt(stampEnd: String) throws {
        let line = "type=USER msg=audit(1700000000.123:42)\(stampEnd)pid=7 uid=0 msg='text=it's the users' files exe=\"/bin/x\" res=success'"
        let record = try Samples.parseLine(line).get()
        #expect(record[field: "msg"] == "text=it's the users' files exe=\"/bin/x\" res=success")
        #expect(record[field: "res"] == "success")
        #expect(record[field: "exe"] == "/bin/x")
    }

    @Test func topLevelFieldWinsOverNestedOneOfTheSameName() throws {
        let record = try Samples.parseLine(Samples.logLine(type: "USER_END", body: "msg='res=nested' res=top")).get()
        #expect(record[field: "res"] == "top")
    }

    @Test func bareWordIsKeptAsFieldWithoutName() throws {
        let record = try Samples.parseLine(Samples.logLine(body: "a=1 lonely b=2")).get()
        #expect(record.fields.map(\.name) == ["a", "", "b"])
        #expect(record.fields[1].value == "lonely")
    }

    @Test func emptyValuesAreFields() throws {
        let record = try Samples.parseLine(Samples.logLine(type: "NETFILTER_PKT", body: "mark=0x1 saddr= daddr= proto=1")).get()
        #expect(record[field: "saddr"] == "")
        #expect(record[field: "proto"] == "1")
    }

    @Test func trailingNewlineAndCarriageReturnAreDropped() throws {
        let record = try Samples.parseLine(Samples.logLine(body: "key=k") + "\r\n").get()
        #expect(record[field: "key"] == "k")
        #expect(record.text == Samples.logLine(body: "key=k"))
    }

    @Test func bytesThatAreNotUTF8AreEscapedInLines() throws {
        let bytes = Array(Samples.logLine(body: "name=").utf8) + [0x2F, 0xC3, 0x28, 0xFE] + Array(" item=0".utf8)
        let record = try RecordParser().parseLine(bytes).get()
        #expect(record[field: "name"] == "/\\xC3(\\xFE")
        #expect(record[field: "item"] == "0")
    }

    @Test func interpretedLineWithLocalTimeAndSpacedColonParses() throws {
        let line = "type=CONTAINER_ID msg=audit(2018-06-06 12:46:31.707:26953) : contid=123459 "
        let record = try Samples.parseLine(line).get()
        #expect(record.stamp == RecordStamp(time: "2018-06-06 12:46:31.707", serial: 26953))
        #expect(record[field: "contid"] == "123459")
    }

    @Test func originIsKeptOnUnreadableLines() throws {
        let bad = try #require(RecordParser().parseLine(Array("garbage".utf8), origin: "audit.log:12").failure)
        #expect(bad.origin == "audit.log:12")
    }
}

@Suite struct RecordParserMalformedTests {
    @Test func lineWithoutTypeIsUnreadableAtStart() throws {
        let bad = try #require(Samples.parseLine("msg=audit(1.0:1): a=b").failure)
        #expect(bad.offset == 0)
        #expect(bad.text == "msg=audit(1.0:1): a=b")
        #expect(bad.reason.contains("type="))
    }

    @Test func lineWithoutTypeAfterNodeIsUnreadableAfterTheNode() throws {
        let bad = try #require(Samples.parseLine("node=h msg=audit(1.0:1): a=b").failure)
        #expect(bad.offset == 7)
    }

    @Test func typeWrittenTwiceIsUnreadableWithHint() throws {
        let bad = try #require(Samples.parseLine("type=type=NS_INFO msg=audit(1.0:1): a=b").failure)
        #expect(bad.offset == 5)
        #expect(bad.reason.contains("type= is written twice"))
    }

    @Test func typeWithoutMsgIsUnreadable() throws {
        let noSpace = try #require(Samples.parseLine("type=SYSCALL").failure)
        #expect(noSpace.offset == 12)
        let noMsg = try #require(Samples.parseLine("type=SYSCALL a=b").failure)
        #expect(noMsg.offset == 13)
        #expect(noMsg.reason.contains("msg=audit("))
    }

    @Test func badStampIsUnreadableAtTheStamp() throws {
        let bad = try #require(Samples.parseLine("type=SYSCALL msg=audit(soon): a=b").failure)
        #expect(bad.offset == 17)
        #expect(bad.reason.contains("TIME:SERIAL"))
    }

    @Test func missingColonAfterStampIsUnreadableWhereItShouldBe() throws {
        let bad = try #require(Samples.parseLine("type=SYSCALL msg=audit(1.0:1) a=b").failure)
        #expect(bad.offset == 30)
        #expect(bad.reason.contains("':'"))
    }

    @Test func unclosedQuoteIsUnreadableAtTheQuote() throws {
        let line = Samples.logLine(body: "a=1 comm=\"perl")
        let bad = try #require(Samples.parseLine(line).failure)
        let quote = line.distance(from: line.startIndex, to: try #require(line.firstIndex(of: "\"")))
        #expect(bad.offset == quote)
        #expect(bad.text == line)
        #expect(bad.reason.contains("comm"))
    }

    @Test func unclosedQuoteInEnrichedPartIsUnreadableAtThatQuote() throws {
        let line = Samples.logLine(body: "uid=0\u{1D}UID=\"root")
        let bad = try #require(Samples.parseLine(line).failure)
        let quote = line.distance(from: line.startIndex, to: try #require(line.firstIndex(of: "\"")))
        #expect(bad.reason.hasPrefix("enriched part"))
        #expect(bad.offset == quote)
    }
}

@Suite struct RecordParserFixtureTests {
    @Test func seedVerbatimTypeTypeLinesAreBothUnreadableWithHint() throws {
        let lines = try Samples.fixtureLines("nsinfo-clone.seed-verbatim.log")
        #expect(lines.count == 2)
        for line in lines {
            let bad = try #require(RecordParser().parseLine(line).failure)
            #expect(bad.reason.contains("type= is written twice"))
            #expect(bad.offset == 5)
            #expect(bad.text.hasPrefix("type=type=AUDIT_NS_"))
        }
    }

    @Test func nsinfoRawLogParsesEveryLine() throws {
        let lines = try Samples.fixtureLines("nsinfo.raw.log")
        let records = try lines.map { try RecordParser().parseLine($0).get() }
        #expect(records.count == 10)
        #expect(records[0].type == "NS_INFO")
        #expect(records[0][field: "netns"] == "8")
        #expect(records.last?.type == "AUDIT_NS_DEL_MNT")
        #expect(records.last?.stamp == RecordStamp(time: "1408577552.221", serial: 85))
    }

    @Test(arguments: [("contid-set.interpreted.log", 1), ("contid-filter-dir.interpreted.log", 6),
                      ("contid-netns-netfilter.interpreted.log", 2)])
    func interpretedLogParsesEveryLineWithOneStamp(file: String, count: Int) throws {
        let lines = try Samples.fixtureLines(file)
        let records = try lines.map { try RecordParser().parseLine($0).get() }
        #expect(records.count == count)
        #expect(Set(records.map(\.stamp)).count == 1)
        #expect(records.allSatisfy { $0.stamp?.time.contains(" ") == true })
    }

    @Test func interpretedFieldsKeepTheirInterpretedValues() throws {
        let filter = try Samples.fixtureLines("contid-filter-dir.interpreted.log").map { try RecordParser().parseLine($0).get() }
        let syscall = try #require(filter.first { $0.type == "SYSCALL" })
        #expect(syscall[field: "syscall"] == "openat")
        #expect(syscall[field: "key"] == "tmpcontainerid")
        #expect(filter.first?.type == "CONTAINER_ID")
        #expect(filter.first?[field: "contid"] == "123459")
        let netfilter = try Samples.fixtureLines("contid-netns-netfilter.interpreted.log").map { try RecordParser().parseLine($0).get() }
        #expect(netfilter[0].stamp == RecordStamp(time: "03/15/2019 14:16:13.369", serial: 244))
        #expect(netfilter[1][field: "contid"] == "123452,123451")
    }
}
