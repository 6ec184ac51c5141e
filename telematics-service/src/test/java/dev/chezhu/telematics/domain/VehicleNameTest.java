package dev.chezhu.telematics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VehicleNameTest {

    @ParameterizedTest
    @CsvSource({
            "vehicles/LSVAU2180N2183294, LSVAU2180N2183294",
            "vehicles/lsvau2180n2183294, LSVAU2180N2183294",
            "vehicles/LSVAU2180N2183294/state, LSVAU2180N2183294" })
    void wellFormedNamesGiveTheUpperCasedVin(String name, String vin) {
        assertEquals(Optional.of(vin), VehicleName.vin(name, true));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "vehicles/", "LSVAU2180N2183294", "cars/LSVAU2180N2183294",
            "vehicles/LSVAU2180N218329", "vehicles/LSVAU2180N21832940", "vehicles/LSVAU2180N218329O",
            "vehicles/LSVAU2180N2183294/history", "vehicles/LSVAU2180N2183294/" })
    void malformedNamesGiveNoVin(String name) {
        assertEquals(Optional.empty(), VehicleName.vin(name, true));
    }

    @ParameterizedTest
    @CsvSource({ "vehicles/abc, abc", "vehicles/LSVAU2180N2183294/state, LSVAU2180N2183294/state" })
    void theRequestedVinIsTheSegmentAsWritten(String name, String requested) {
        assertEquals(requested, VehicleName.requestedVin(name, false));
        assertNull(VehicleName.requestedVin("persons/1", false));
    }
}
