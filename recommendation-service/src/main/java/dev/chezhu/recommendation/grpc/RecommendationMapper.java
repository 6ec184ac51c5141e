package dev.chezhu.recommendation.grpc;

import java.time.Instant;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;

import dev.chezhu.recommendation.domain.EventType;
import dev.chezhu.recommendation.domain.ListeningContext;
import dev.chezhu.recommendation.domain.RankedItem;
import dev.chezhu.recommendation.domain.RecommendCommand;
import dev.chezhu.recommendation.domain.RecommendationList;
import dev.chezhu.recommendation.domain.RecordEventCommand;
import dev.chezhu.recommendation.domain.ResourceNames;
import dev.chezhu.recommendation.v1.DayPart;
import dev.chezhu.recommendation.v1.DrivingState;
import dev.chezhu.recommendation.v1.ListeningEvent;
import dev.chezhu.recommendation.v1.ListeningEventType;
import dev.chezhu.recommendation.v1.Place;
import dev.chezhu.recommendation.v1.RecommendRequest;
import dev.chezhu.recommendation.v1.RecommendResponse;
import dev.chezhu.recommendation.v1.Recommendation;
import dev.chezhu.recommendation.v1.RecordListeningEventRequest;

/** Wire types ↔ domain types. No decisions here beyond the mapping itself. */
final class RecommendationMapper {

    /** The range google.protobuf.Timestamp allows: 0001-01-01 to 9999-12-31. */
    private static final long MIN_TIMESTAMP_SECONDS = -62_135_596_800L;
    private static final long MAX_TIMESTAMP_SECONDS = 253_402_300_799L;
    /** The range google.protobuf.Duration allows: about ±10,000 years. */
    private static final long MAX_DURATION_SECONDS = 315_576_000_000L;

    private RecommendationMapper() {
    }

    static RecordEventCommand toCommand(RecordListeningEventRequest request) {
        ListeningEvent event = request.getEvent();
        return new RecordEventCommand(request.getRequestId(), request.hasEvent(), event.getPerson(), event.getVehicle(),
                event.getItem(), toDomain(event.getType()), event.hasListened() ? toDomain(event.getListened()) : null,
                toDomain(event.getContext().getPlace()), toDomain(event.getContext().getDayPart()),
                toDomain(event.getContext().getDrivingState()),
                event.hasEventTime() ? toInstant(event.getEventTime()) : null);
    }

    static RecommendCommand toCommand(RecommendRequest request) {
        return new RecommendCommand(request.getPerson(), request.getVehicle(), toDomain(request.getContext().getPlace()),
                toDomain(request.getContext().getDayPart()), toDomain(request.getContext().getDrivingState()),
                request.getCount());
    }

    /** Null for UNSPECIFIED and for numbers this service does not know: both are refused. */
    static EventType toDomain(ListeningEventType type) {
        return switch (type) {
            case LISTENING_EVENT_TYPE_STARTED -> EventType.STARTED;
            case LISTENING_EVENT_TYPE_SKIPPED -> EventType.SKIPPED;
            case LISTENING_EVENT_TYPE_COMPLETED -> EventType.COMPLETED;
            case LISTENING_EVENT_TYPE_LIKED -> EventType.LIKED;
            case LISTENING_EVENT_TYPE_DISLIKED -> EventType.DISLIKED;
            case LISTENING_EVENT_TYPE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    /** Null only for numbers this service does not know: UNSPECIFIED is a valid context. */
    static ListeningContext.Place toDomain(Place place) {
        return switch (place) {
            case PLACE_UNSPECIFIED -> ListeningContext.Place.UNSPECIFIED;
            case PLACE_IN_CAR -> ListeningContext.Place.IN_CAR;
            case PLACE_AT_HOME -> ListeningContext.Place.AT_HOME;
            case PLACE_MOBILE -> ListeningContext.Place.MOBILE;
            case UNRECOGNIZED -> null;
        };
    }

    static ListeningContext.DayPart toDomain(DayPart dayPart) {
        return switch (dayPart) {
            case DAY_PART_UNSPECIFIED -> ListeningContext.DayPart.UNSPECIFIED;
            case DAY_PART_MORNING -> ListeningContext.DayPart.MORNING;
            case DAY_PART_MIDDAY -> ListeningContext.DayPart.MIDDAY;
            case DAY_PART_EVENING -> ListeningContext.DayPart.EVENING;
            case DAY_PART_NIGHT -> ListeningContext.DayPart.NIGHT;
            case UNRECOGNIZED -> null;
        };
    }

    static ListeningContext.DrivingState toDomain(DrivingState state) {
        return switch (state) {
            case DRIVING_STATE_UNSPECIFIED -> ListeningContext.DrivingState.UNSPECIFIED;
            case DRIVING_STATE_PARKED -> ListeningContext.DrivingState.PARKED;
            case DRIVING_STATE_CITY -> ListeningContext.DrivingState.CITY;
            case DRIVING_STATE_HIGHWAY -> ListeningContext.DrivingState.HIGHWAY;
            case UNRECOGNIZED -> null;
        };
    }

    static ListeningEvent toWire(dev.chezhu.recommendation.domain.ListeningEvent event) {
        return ListeningEvent.newBuilder()
                .setName(ResourceNames.LISTENING_EVENTS + event.id())
                .setPerson(event.listener().personId().map(id -> ResourceNames.PERSONS + id).orElse(""))
                .setVehicle(event.listener().vin().map(vin -> ResourceNames.VEHICLES + vin).orElse(""))
                .setItem(ResourceNames.ITEMS + event.itemId())
                .setType(ListeningEventType.valueOf("LISTENING_EVENT_TYPE_" + event.type().name()))
                .setListened(duration(event.listened()))
                .setContext(dev.chezhu.recommendation.v1.ListeningContext.newBuilder()
                        .setPlace(Place.valueOf("PLACE_" + event.context().place().name()))
                        .setDayPart(DayPart.valueOf("DAY_PART_" + event.context().dayPart().name()))
                        .setDrivingState(DrivingState.valueOf("DRIVING_STATE_" + event.context().drivingState().name())))
                .setEventTime(timestamp(event.eventTime()))
                .build();
    }

    static RecommendResponse toWire(RecommendationList list) {
        RecommendResponse.Builder response = RecommendResponse.newBuilder().setModelVersion(list.modelVersion())
                .setPersonalised(list.personalised());
        for (RankedItem ranked : list.items()) {
            Recommendation.Builder recommendation = Recommendation.newBuilder()
                    .setItem(CatalogueMapper.toWire(ranked.item()))
                    .setScore(ranked.score())
                    .setReasonCode(ranked.reasonCode())
                    .setReason(ranked.reason());
            if (ranked.becauseItemId() != null) {
                recommendation.setBecauseItem(ResourceNames.ITEMS + ranked.becauseItemId());
            }
            response.addRecommendations(recommendation);
        }
        return response.build();
    }

    /** Clamped into the range protobuf allows, so nonsense becomes a validation error, not a crash. */
    static java.time.Duration toDomain(Duration duration) {
        long seconds = Math.max(-MAX_DURATION_SECONDS, Math.min(MAX_DURATION_SECONDS, duration.getSeconds()));
        return java.time.Duration.ofSeconds(seconds, duration.getNanos());
    }

    static Instant toInstant(Timestamp timestamp) {
        long seconds = Math.max(MIN_TIMESTAMP_SECONDS, Math.min(MAX_TIMESTAMP_SECONDS, timestamp.getSeconds()));
        return Instant.ofEpochSecond(seconds, Math.max(0, Math.min(999_999_999, timestamp.getNanos())));
    }

    static Duration duration(java.time.Duration duration) {
        return Duration.newBuilder().setSeconds(duration.getSeconds()).setNanos(duration.getNano()).build();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
