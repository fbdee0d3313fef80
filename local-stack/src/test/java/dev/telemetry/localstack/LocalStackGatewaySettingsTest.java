package dev.telemetry.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.config.ConfigSource;
import dev.telemetry.gateway.app.GatewayConfig;
import dev.telemetry.gateway.decode.Route;
import org.junit.jupiter.api.Test;

class LocalStackGatewaySettingsTest {

    @Test
    void shouldRouteSenmlPacksJsonAndPlainAsTheGatewaysDefaultsDo() {
        GatewayConfig config = GatewayConfig.from(ConfigSource.of(
                LocalStack.gatewaySettings("tcp://127.0.0.1:1883", "127.0.0.1:9092")));

        // first match wins: SenML packs on senml/<id>, plain below sensors/<id>, JSON on sensors/<id>
        assertThat(config.decoding().subscriptions()).extracting(Route::name, Route::filter, Route::format).containsExactly(
                org.assertj.core.groups.Tuple.tuple("senml", "senml/+", "senml-json"),
                org.assertj.core.groups.Tuple.tuple("plain", "sensors/+/+", "plain"),
                org.assertj.core.groups.Tuple.tuple("json", "sensors/#", "json"));
    }
}
