package dev.chezhu.identity.grpc;

import static dev.chezhu.identity.grpc.IdentityMapper.PERSONS;
import static dev.chezhu.identity.grpc.IdentityMapper.requirePerson;
import static dev.chezhu.identity.grpc.IdentityMapper.timestamp;
import static dev.chezhu.identity.grpc.IdentityMapper.toInstant;

import java.time.Clock;
import java.util.Locale;
import java.util.function.Supplier;

import jakarta.annotation.security.RolesAllowed;

import com.google.protobuf.Any;

import dev.chezhu.identity.domain.Consents;
import dev.chezhu.identity.domain.Erasures;
import dev.chezhu.identity.domain.Exports;
import dev.chezhu.identity.domain.Identities;
import dev.chezhu.identity.domain.Lead;
import dev.chezhu.identity.domain.Leads;
import dev.chezhu.identity.domain.Lifecycle;
import dev.chezhu.identity.domain.Lifecycles;
import dev.chezhu.identity.domain.MergeHistory;
import dev.chezhu.identity.domain.PersonSearch;
import dev.chezhu.identity.domain.VehicleRelationships;
import dev.chezhu.identity.domain.ObservationValidator;
import dev.chezhu.identity.domain.Unmerges;
import dev.chezhu.identity.v1.BatchIdentifyPersonsRequest;
import dev.chezhu.identity.v1.BatchIdentifyPersonsResponse;
import dev.chezhu.identity.v1.CheckConsentRequest;
import dev.chezhu.identity.v1.CheckConsentResponse;
import dev.chezhu.identity.v1.CreateLeadRequest;
import dev.chezhu.identity.v1.CreateLeadResponse;
import dev.chezhu.identity.v1.ErasePersonRequest;
import dev.chezhu.identity.v1.ErasePersonResponse;
import dev.chezhu.identity.v1.ExportPersonRequest;
import dev.chezhu.identity.v1.ExportPersonResponse;
import dev.chezhu.identity.v1.ExportSection;
import dev.chezhu.identity.v1.GetLeadRequest;
import dev.chezhu.identity.v1.GetLifecycleRequest;
import dev.chezhu.identity.v1.GetPersonRequest;
import dev.chezhu.identity.v1.IdentifyPersonRequest;
import dev.chezhu.identity.v1.IdentifyPersonResponse;
import dev.chezhu.identity.v1.IdentityService;
import dev.chezhu.identity.v1.ListConsentsRequest;
import dev.chezhu.identity.v1.ListConsentsResponse;
import dev.chezhu.identity.v1.ListLeadsRequest;
import dev.chezhu.identity.v1.ListLeadsResponse;
import dev.chezhu.identity.v1.ListMergeRecordsRequest;
import dev.chezhu.identity.v1.ListMergeRecordsResponse;
import dev.chezhu.identity.v1.ListVehicleRelationshipsRequest;
import dev.chezhu.identity.v1.ListVehicleRelationshipsResponse;
import dev.chezhu.identity.v1.LookupPersonRequest;
import dev.chezhu.identity.v1.LookupPersonResponse;
import dev.chezhu.identity.v1.Person;
import dev.chezhu.identity.v1.RecordConsentRequest;
import dev.chezhu.identity.v1.RecordConsentResponse;
import dev.chezhu.identity.v1.RecordLeadContactRequest;
import dev.chezhu.identity.v1.RecordLeadContactResponse;
import dev.chezhu.identity.v1.RecordPersonActivityRequest;
import dev.chezhu.identity.v1.RecordPersonActivityResponse;
import dev.chezhu.identity.v1.SearchPersonsRequest;
import dev.chezhu.identity.v1.SearchPersonsResponse;
import dev.chezhu.identity.v1.UnmergePersonRequest;
import dev.chezhu.identity.v1.UnmergePersonResponse;
import dev.chezhu.platform.auth.Caller;
import dev.chezhu.platform.auth.Roles;
import dev.chezhu.platform.error.ServiceException;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * chezhu.identity.v1.IdentityService: maps wire types and errors; roles per method; data-bound
 * authorisation (a dealer's own leads, a head unit's own vehicle) in the domain or here, after the
 * role check and before any lookup of the data where the request alone decides it.
 */
@GrpcService
public class IdentityGrpcService implements IdentityService {

    private static final String VEHICLES = "vehicles/";

    private final Identities identities;
    private final Consents consents;
    private final Unmerges unmerges;
    private final Erasures erasures;
    private final Exports exports;
    private final Leads leads;
    private final Lifecycles lifecycles;
    private final PersonSearch search;
    private final VehicleRelationships vehicles;
    private final MergeHistory mergeHistory;
    private final SecurityIdentity identity;
    private final Clock clock;

    public IdentityGrpcService(Identities identities, Consents consents, Unmerges unmerges, Erasures erasures,
            Exports exports, Leads leads, Lifecycles lifecycles, PersonSearch search, VehicleRelationships vehicles,
            MergeHistory mergeHistory, SecurityIdentity identity, Clock clock) {
        this.search = search;
        this.vehicles = vehicles;
        this.mergeHistory = mergeHistory;
        this.identities = identities;
        this.consents = consents;
        this.unmerges = unmerges;
        this.erasures = erasures;
        this.exports = exports;
        this.leads = leads;
        this.lifecycles = lifecycles;
        this.identity = identity;
        this.clock = clock;
    }

    /** Runs request mapping that may refuse the request (INVALID_ARGUMENT) inside the Uni. */
    private static <T> Uni<T> guarded(Supplier<Uni<T>> call) {
        try {
            return call.get();
        } catch (ServiceException e) {
            return Uni.createFrom().failure(e);
        }
    }

    @Override
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<IdentifyPersonResponse> identifyPerson(IdentifyPersonRequest request) {
        return identities.identify(IdentityMapper.toCommand(request)).map(IdentityMapper::toResponse);
    }

    @Override
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<BatchIdentifyPersonsResponse> batchIdentifyPersons(BatchIdentifyPersonsRequest request) {
        return identities.identifyBatch(request.getRequestsList().stream().map(IdentityMapper::toCommand).toList())
                .map(IdentityMapper::toResponse);
    }

    @Override
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<Person> getPerson(GetPersonRequest request) {
        return guarded(() -> identities.get(requirePerson("name", request.getName())).map(IdentityMapper::toWire));
    }

    @Override
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN, Roles.HEAD_UNIT })
    public Uni<LookupPersonResponse> lookupPerson(LookupPersonRequest request) {
        if (!request.hasIdentifier()) {
            return Uni.createFrom().failure(ServiceException.invalidField("identifier", "required"));
        }
        return identities.lookup(IdentityMapper.toRaw(request.getIdentifier()), Caller.of(identity))
                .map(id -> LookupPersonResponse.newBuilder().setPerson(PERSONS + id).setPersonId(id).build());
    }

    @Override
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Uni<UnmergePersonResponse> unmergePerson(UnmergePersonRequest request) {
        return guarded(() -> unmerges.unmerge(request.getRequestId(), requirePerson("name", request.getName()))
                .map(result -> UnmergePersonResponse.newBuilder()
                        .setPerson(IdentityMapper.toWire(result.restored()))
                        .setFormerSurvivor(IdentityMapper.toWire(result.formerSurvivor()))
                        .addAllRestoredPersonIds(result.restoredIds())
                        .setReplayed(result.replayed())
                        .build()));
    }

    @Override
    @RolesAllowed({ Roles.PLATFORM_ADMIN, Roles.SERVICE })
    public Uni<ExportPersonResponse> exportPerson(ExportPersonRequest request) {
        return guarded(() -> exports.export(requirePerson("name", request.getName())).map(export -> ExportPersonResponse
                .newBuilder()
                .setPerson(PERSONS + export.person().id())
                .setExportTime(timestamp(export.exportedAt()))
                .addSections(ExportSection.newBuilder().setService("identity-service")
                        .setData(Any.pack(ExportMapper.toWire(export))))
                .build()));
    }

    @Override
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Uni<ErasePersonResponse> erasePerson(ErasePersonRequest request) {
        return guarded(() -> erasures.erase(request.getRequestId(), requirePerson("name", request.getName()),
                Caller.of(identity)).map(result -> ErasePersonResponse.newBuilder()
                        .setPerson(PERSONS + result.personId())
                        .addAllErasedPersonIds(result.erasedIds())
                        .setEraseTime(timestamp(result.erasedAt()))
                        .putAllRemovedCounts(result.removedCounts())
                        .setReplayed(result.replayed())
                        .build()));
    }

    @Override
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<RecordConsentResponse> recordConsent(RecordConsentRequest request) {
        return guarded(() -> consents.record(ConsentMapper.toCommand(requirePerson("person", request.getPerson()), request),
                Caller.of(identity)).map(ConsentMapper::toResponse));
    }

    @Override
    @RolesAllowed({ Roles.SERVICE, Roles.PLATFORM_ADMIN, Roles.PARTNER, Roles.DEALER, Roles.HEAD_UNIT })
    public Uni<CheckConsentResponse> checkConsent(CheckConsentRequest request) {
        return guarded(() -> {
            var purpose = ConsentMapper.toDomain(request.getPurpose());
            var channel = ConsentMapper.toDomain(request.getChannel());
            if (purpose == null) {
                throw ServiceException.invalidField("purpose", "required: a known purpose");
            }
            if (channel == null) {
                throw ServiceException.invalidField("channel", "must be a known channel");
            }
            Caller caller = Caller.of(identity);
            switch (request.getSubjectCase()) {
                case PERSON -> {
                    if (caller.isHeadUnit()) {
                        throw ServiceException.permissionDenied("HEAD_UNIT_VEHICLE_ONLY",
                                "A head unit checks the consent of its own vehicle's owners only");
                    }
                    return consents.check(requirePerson("person", request.getPerson()), purpose, channel)
                            .map(ConsentMapper::toResponse);
                }
                case VEHICLE -> {
                    String vin = IdentityMapper.idIn(request.getVehicle(), VEHICLES, "");
                    vin = vin == null ? null : vin.toUpperCase(Locale.ROOT);
                    if (vin == null || !ObservationValidator.VIN.matcher(vin).matches()) {
                        throw ServiceException.invalidField("vehicle", "must be vehicles/{vin} with a 17-character VIN");
                    }
                    if (!caller.mayAccessVehicle(vin)) {
                        throw ServiceException.permissionDenied("VEHICLE_NOT_ALLOWED",
                                "A head unit may only check its own vehicle");
                    }
                    return consents.checkVehicle(vin, purpose, channel).map(ConsentMapper::toResponse);
                }
                default -> throw ServiceException.invalidField("subject", "either person or vehicle is required");
            }
        });
    }

    @Override
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<ListConsentsResponse> listConsents(ListConsentsRequest request) {
        return guarded(() -> consents.list(requirePerson("person", request.getPerson()), request.getPageSize(),
                request.getPageToken()).map(ConsentMapper::toResponse));
    }

    @Override
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<CreateLeadResponse> createLead(CreateLeadRequest request) {
        return guarded(() -> leads.create(new Lead.CreateCommand(request.getRequestId(),
                requirePerson("person", request.getPerson()), request.getDealerId(), request.getSource(),
                request.getVehicleModel()), Caller.of(identity))
                .map(created -> CreateLeadResponse.newBuilder().setLead(LeadMapper.toWire(created.lead(), clock.instant()))
                        .setReplayed(created.replayed()).build()));
    }

    @Override
    @RolesAllowed({ Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<RecordLeadContactResponse> recordLeadContact(RecordLeadContactRequest request) {
        return guarded(() -> leads.recordContact(new Lead.ContactCommand(request.getRequestId(), leadId(request.getName()),
                request.hasContactTime() ? toInstant(request.getContactTime()) : null,
                LeadMapper.toDomain(request.getChannel())), Caller.of(identity))
                .map(contacted -> RecordLeadContactResponse.newBuilder()
                        .setLead(LeadMapper.toWire(contacted.lead(), clock.instant()))
                        .setFirstContact(contacted.firstContact()).build()));
    }

    @Override
    @RolesAllowed({ Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<dev.chezhu.identity.v1.Lead> getLead(GetLeadRequest request) {
        return guarded(() -> leads.get(leadId(request.getName()), Caller.of(identity))
                .map(lead -> LeadMapper.toWire(lead, clock.instant())));
    }

    @Override
    @RolesAllowed({ Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<ListLeadsResponse> listLeads(ListLeadsRequest request) {
        return guarded(() -> {
            Lead.State state = LeadMapper.toDomain(request.getState());
            if (state == null && request.getState() == dev.chezhu.identity.v1.LeadState.UNRECOGNIZED) {
                throw ServiceException.invalidField("state", "must be a known state");
            }
            return leads.list(request.getDealerId(), state, request.getPageSize(), request.getPageToken(),
                    Caller.of(identity)).map(page -> {
                        var now = clock.instant();
                        ListLeadsResponse.Builder wire = ListLeadsResponse.newBuilder().setNextPageToken(page.nextPageToken());
                        page.leads().forEach(lead -> wire.addLeads(LeadMapper.toWire(lead, now)));
                        return wire.build();
                    });
        });
    }

    @Override
    @RolesAllowed({ Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<RecordPersonActivityResponse> recordPersonActivity(RecordPersonActivityRequest request) {
        return guarded(() -> lifecycles.record(new Lifecycle.ActivityCommand(request.getRequestId(),
                requirePerson("person", request.getPerson()), LeadMapper.toDomain(request.getKind()),
                request.hasOccurTime() ? toInstant(request.getOccurTime()) : null, request.getSource(),
                request.getDealerId(), request.getVin().toUpperCase(Locale.ROOT)), Caller.of(identity))
                .map(result -> RecordPersonActivityResponse.newBuilder()
                        .setLifecycle(LeadMapper.toWire(result.lifecycle())).setReplayed(result.replayed()).build()));
    }

    @Override
    @RolesAllowed({ Roles.PARTNER, Roles.DEALER, Roles.SERVICE, Roles.PLATFORM_ADMIN })
    public Uni<dev.chezhu.identity.v1.Lifecycle> getLifecycle(GetLifecycleRequest request) {
        return guarded(() -> {
            String personId = IdentityMapper.idIn(request.getName(), PERSONS, LeadMapper.LIFECYCLE);
            if (personId == null) {
                throw ServiceException.invalidField("name", "must be persons/{person_id}/lifecycle");
            }
            return lifecycles.get(personId).map(LeadMapper::toWire);
        });
    }

    @Override
    @RolesAllowed({ Roles.DEALER, Roles.PLATFORM_ADMIN, Roles.SERVICE, Roles.PARTNER })
    public Uni<SearchPersonsResponse> searchPersons(SearchPersonsRequest request) {
        return search.search(SearchMapper.toQuery(request), Caller.of(identity)).map(SearchMapper::toResponse);
    }

    @Override
    @RolesAllowed({ Roles.SERVICE, Roles.PLATFORM_ADMIN, Roles.DEALER })
    public Uni<ListVehicleRelationshipsResponse> listVehicleRelationships(ListVehicleRelationshipsRequest request) {
        return guarded(() -> {
            if (request.getRole() == dev.chezhu.identity.v1.VehicleRole.UNRECOGNIZED) {
                throw ServiceException.invalidField("role", "must be a known role");
            }
            String vin = IdentityMapper.idIn(request.getParent(), VEHICLES, "");
            return vehicles.list(vin, IdentityMapper.toDomain(request.getRole()), request.getPageSize(),
                    request.getPageToken(), Caller.of(identity)).map(SearchMapper::toResponse);
        });
    }

    @Override
    @RolesAllowed({ Roles.DEALER, Roles.PLATFORM_ADMIN, Roles.SERVICE })
    public Uni<ListMergeRecordsResponse> listMergeRecords(ListMergeRecordsRequest request) {
        return guarded(() -> mergeHistory.list(requirePerson("parent", request.getParent()), request.getPageSize(),
                request.getPageToken()).map(page -> ListMergeRecordsResponse.newBuilder()
                        .addAllMergeRecords(page.merges().stream().map(ExportMapper::toWire).toList())
                        .setNextPageToken(page.nextPageToken()).build()));
    }

    private static String leadId(String name) {
        String id = IdentityMapper.idIn(name, LeadMapper.LEADS, "");
        if (id == null) {
            throw ServiceException.invalidField("name", "must be leads/{lead_id}");
        }
        return id;
    }
}
