package dev.chezhu.telematics.domain;

import java.time.LocalDate;
import java.util.List;

/** A service visit as recorded: the day, the odometer (km), the work done, the parts fitted, notes. */
public record ServiceVisit(LocalDate visitDate, long odometerKm, List<WorkItem> workItems, List<Part> parts,
        String notes) {

    public record WorkItem(String code, String description) {
    }

    public record Part(String partNumber, String description, int quantity) {
    }

    public ServiceVisit {
        workItems = List.copyOf(workItems);
        parts = List.copyOf(parts);
    }
}
