package dev.telemetry.processor.topology;

import static dev.telemetry.processor.topology.RuleConditionsTopologyTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.telemetry.model.Anomaly;
import dev.telemetry.model.Reading;
import dev.telemetry.model.ReadingValue;
import dev.telemetry.model.Rule;
import dev.telemetry.model.Rule.Condition;
import dev.telemetry.model.Source;
import dev.telemetry.model.TimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Rules that change, disappear or match by tags; instances that restart. */
class RuleLifecycleTopologyTest {

    private AlertFixture f;

    private AlertFixture fixture(TestInfo test) {
        f = new AlertFixture(test.getTestMethod().orElseThrow().getName());
        return f;
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void shouldNotRepeatRaisedAfterARestartAndResolveWithTheSameIdAfterIt(TestInfo test) {
        fixture(test).rule(Rule.of("hot", "*", "t", Condition.above(80)).withTiming(Duration.ofSeconds(10),
                Duration.ofSeconds(10)));
        f.reading("d", "t", 90, at(0));
        f.reading("d", "t", 91, at(10)); // RAISED
        f.reading("d", "t", 70, at(15)); // clearing since 15
        Anomaly raised = f.alerts().get(0);

        f.restart();
        f.reading("d", "t", 92, at(20)); // still open: no second RAISED
        f.reading("d", "t", 70, at(25));
        f.restart();
        f.reading("d", "t", 70, at(35)); // clear for 10 s: RESOLVED

        List<Anomaly> alerts = f.alerts();
        assertThat(alerts).extracting(Anomaly::state, Anomaly::eventTime)
                .containsExactly(tuple(Anomaly.State.RAISED, at(10)), tuple(Anomaly.State.RESOLVED, at(35)));
        assertThat(alerts.get(1).id()).isEqualTo(raised.id());
        assertThat(f.active()).isEmpty();
    }

    @Test
    void shouldKeepTimeBasedTransitionsDueAcrossARestart(TestInfo test) {
        fixture(test).rule(Rule.of("silent", "*", "t", Condition.noData(Duration.ofSeconds(30))));
        f.reading("d", "t", 1, at(0));
        f.reading("other", "t", 1, at(10));

        f.restart();
        f.reading("other", "t", 1, at(31));
        f.advance(AlertFixture.CHECK);

        assertThat(f.alerts()).extracting(Anomaly::state, Anomaly::eventTime)
                .containsExactly(tuple(Anomaly.State.RAISED, at(30)));
        assertThat(f.active()).hasSize(1);
    }

    @Test
    void shouldGiveTheSameIdWhenTheSameHistoryIsReplayed(TestInfo test) {
        fixture(test).rule(Rule.of("hot", "*", "t", Condition.above(80)));
        f.reading("d", "t", 90, at(1));
        String first = f.alerts().get(0).id();
        f.close();

        f = new AlertFixture(test.getTestMethod().orElseThrow().getName() + "-replay");
        f.rule(Rule.of("hot", "*", "t", Condition.above(80)));
        f.reading("d", "t", 90, at(1));

        assertThat(f.alerts().get(0).id()).isEqualTo(first);
    }

    @Test
    void shouldResolveOpenAlertsOfADeletedRuleAtTheNextCheck(TestInfo test) {
        fixture(test).rule(Rule.of("hot", "*", "t", Condition.above(80)));
        f.rule(Rule.of("cold", "*", "t", Condition.below(0)));
        f.reading("d1", "t", 90, at(0));
        f.reading("d2", "t", 95, at(1));
        f.reading("d3", "t", -5, at(2));

        f.deleteRule("hot");
        f.advance(AlertFixture.CHECK);

        List<Anomaly> alerts = f.alerts();
        assertThat(alerts).extracting(Anomaly::deviceId, Anomaly::ruleId, Anomaly::state)
                .containsExactly(tuple("d1", "hot", Anomaly.State.RAISED), tuple("d2", "hot", Anomaly.State.RAISED),
                        tuple("d3", "cold", Anomaly.State.RAISED), tuple("d1", "hot", Anomaly.State.RESOLVED),
                        tuple("d2", "hot", Anomaly.State.RESOLVED));
        assertThat(alerts.get(3).message()).isEqualTo("rule hot was deleted");
        assertThat(alerts.get(3).eventTime()).isGreaterThanOrEqualTo(at(0));
        assertThat(f.active()).extracting(Anomaly::ruleId).containsExactly("cold");

        f.reading("d1", "t", 99, at(3)); // the rule is gone: nothing
        assertThat(f.alerts()).hasSize(5);
    }

    @Test
    void shouldResolveOpenAlertsOfARuleDeletedWhileTheInstanceWasDown(TestInfo test) {
        fixture(test).rule(Rule.of("hot", "*", "t", Condition.above(80)));
        f.reading("d", "t", 90, at(0));
        f.deleteRule("hot");

        f.restart(); // starts with the rule already gone from the topic
        f.advance(AlertFixture.CHECK);

        assertThat(f.alerts()).extracting(Anomaly::state).containsExactly(Anomaly.State.RAISED,
                Anomaly.State.RESOLVED);
    }

    @Test
    void shouldJudgeHeldValuesAgainWhenAThresholdChanges(TestInfo test) {
        Rule hot = Rule.of("hot", "*", "t", Condition.above(80));
        fixture(test).rule(hot);
        f.reading("d", "t", 85, at(0)); // RAISED
        f.reading("d", "t", 85, at(10));

        f.rule(hot.withCondition(Condition.above(90)).withSeverity("critical")); // 85 is fine now
        f.advance(AlertFixture.CHECK);
        f.rule(hot.withCondition(Condition.above(80)));
        f.reading("d", "t", 85, at(20)); // a new episode

        List<Anomaly> alerts = f.alerts();
        assertThat(alerts).extracting(Anomaly::state, Anomaly::severity, Anomaly::threshold).containsExactly(
                tuple(Anomaly.State.RAISED, "warning", 80.0), tuple(Anomaly.State.RESOLVED, "warning", 80.0),
                tuple(Anomaly.State.RAISED, "warning", 80.0));
        assertThat(alerts.get(1).id()).isEqualTo(alerts.get(0).id());
        assertThat(alerts.get(2).id()).isNotEqualTo(alerts.get(0).id());
    }

    @Test
    void shouldRaiseWhenALoweredThresholdMakesTheHeldValueBad(TestInfo test) {
        Rule hot = Rule.of("hot", "*", "t", Condition.above(80));
        fixture(test).rule(hot);
        f.reading("d", "t", 75, at(0));

        f.rule(hot.withCondition(Condition.above(70)));
        f.advance(AlertFixture.CHECK);

        assertThat(f.alerts()).extracting(Anomaly::state, Anomaly::value, Anomaly::threshold)
                .containsExactly(tuple(Anomaly.State.RAISED, 75.0, 70.0));
    }

    @Test
    void shouldEndTheEpisodeWhenTheConditionTypeChangesOrTheRuleIsDisabled(TestInfo test) {
        Rule r = Rule.of("r", "*", "t", Condition.above(80));
        fixture(test).rule(r);
        f.reading("d", "t", 90, at(0));
        f.rule(r.withCondition(Condition.below(100))); // another kind of alert
        f.reading("d", "t", 90, at(1));
        f.rule(r.withCondition(Condition.below(100)).withEnabled(false));
        f.advance(AlertFixture.CHECK);

        assertThat(f.alerts()).extracting(Anomaly::kind, Anomaly::state, Anomaly::message).containsExactly(
                tuple("THRESHOLD_ABOVE", Anomaly.State.RAISED, "t is 90, above 80 (rule r)"),
                tuple("THRESHOLD_ABOVE", Anomaly.State.RESOLVED, "rule r was changed to another condition type"),
                tuple("THRESHOLD_BELOW", Anomaly.State.RAISED, "t is 90, below 100 (rule r)"),
                tuple("THRESHOLD_BELOW", Anomaly.State.RESOLVED, "rule r was disabled"));
    }

    @Test
    void shouldResolveWhenAnEditedRuleNoLongerMatchesTheDevice(TestInfo test) {
        Rule r = Rule.of("r", "boiler-*", "t", Condition.above(80));
        fixture(test).rule(r);
        f.reading("boiler-1", "t", 90, at(0));
        f.reading("boiler-22", "t", 90, at(0));

        f.rule(new Rule("r", null, "boiler-2*", null, "t", Condition.above(80), null, null, null, null));
        f.advance(AlertFixture.CHECK);

        assertThat(f.alerts()).extracting(Anomaly::deviceId, Anomaly::state).containsExactly(
                tuple("boiler-1", Anomaly.State.RAISED), tuple("boiler-22", Anomaly.State.RAISED),
                tuple("boiler-1", Anomaly.State.RESOLVED));
    }

    @Test
    void shouldMatchReadingsByTags(TestInfo test) {
        fixture(test).rule(Rule.of("plant-7", "*", "t", Condition.above(80))
                .withTags(Map.of("topic", "plants/7/*", "unit", "Cel")));

        f.pipe(reading("d1", "plants/7/d1", "Cel", 90, at(0)));
        f.pipe(reading("d2", "plants/8/d2", "Cel", 90, at(0)));
        f.pipe(reading("d3", "plants/7/d3", "K", 390, at(0)));

        assertThat(f.alerts()).extracting(Anomaly::deviceId).containsExactly("d1");
    }

    @Test
    void shouldIgnoreAnInvalidRuleOnTheTopicAndKeepTheOthers(TestInfo test) {
        fixture(test).rawRule("broken", "{\"id\":\"broken\",\"metric\":\"t\",\"condition\":{\"type\":\"sideways\"}}");
        f.rawRule("mismatch", "{\"id\":\"other\",\"metric\":\"t\",\"condition\":{\"type\":\"above\",\"threshold\":1}}");
        f.rawRule("garbage", "not json");
        f.rule(Rule.of("hot", "*", "t", Condition.above(80)));

        f.reading("d", "t", 90, at(0));

        assertThat(f.alerts()).extracting(Anomaly::ruleId).containsExactly("hot");
    }

    @Test
    void shouldEvaluateEveryMatchingRuleOnItsOwn(TestInfo test) {
        fixture(test).rule(Rule.of("warm", "*", "t", Condition.above(50)).withSeverity("info"));
        f.rule(Rule.of("hot", "*", "t", Condition.above(80)).withSeverity("critical"));

        f.reading("d", "t", 60, at(0));
        f.reading("d", "t", 90, at(1));
        f.reading("d", "t", 40, at(2));

        assertThat(f.alerts()).extracting(Anomaly::ruleId, Anomaly::state).containsExactly(
                tuple("warm", Anomaly.State.RAISED), tuple("hot", Anomaly.State.RAISED),
                tuple("warm", Anomaly.State.RESOLVED), tuple("hot", Anomaly.State.RESOLVED));
    }

    @Test
    void shouldSkipReadingsTheReorderBufferMarkedLate(TestInfo test) {
        fixture(test).rule(Rule.of("hot", "*", "t", Condition.above(80)));
        f.reading("d", "t", 20, at(10));
        f.reading("d", "t", 99, at(5)); // older than what was released for d: late, out of order

        assertThat(f.alerts()).isEmpty();
    }

    private static Reading reading(String device, String topic, String unit, double value, long time) {
        return new Reading(device, "t", ReadingValue.of(value), unit, time, TimeSource.DEVICE, null, time,
                new Source(topic, "json", "gw-1"));
    }
}
