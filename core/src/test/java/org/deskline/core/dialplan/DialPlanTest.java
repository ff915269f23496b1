package org.deskline.core.dialplan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Set;
import org.deskline.core.directory.DialPermission;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.directory.Patch;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserMode;
import org.deskline.core.testing.CoreFixture;
import org.deskline.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;

class DialPlanTest {
    private static final NumberPlan NL = NumberPlan.defaults(Set.of("112", "911"));

    @Test
    void numbersAreClassified() {
        assertEquals(NumberClass.EMERGENCY, NL.classify("112"));
        assertEquals(NumberClass.FEATURE_CODE, NL.classify("*35*101*1234"));
        assertEquals(NumberClass.INTERNAL, NL.classify("101"));
        assertEquals(NumberClass.NATIONAL, NL.classify("0205550101"));
        assertEquals(NumberClass.NATIONAL, NL.classify("+31205550101"));
        assertEquals(NumberClass.NATIONAL, NL.classify("0031205550101"));
        assertEquals(NumberClass.INTERNATIONAL, NL.classify("+4930123456"));
        assertEquals(NumberClass.INTERNATIONAL, NL.classify("004930123456"));
        assertEquals(NumberClass.INVALID, NL.classify("12ab"));
    }

    @Test
    void theCallingIdentityIsTheUserOnTheDevice() throws Exception {
        try (CoreFixture f = new CoreFixture(TestDatabase.Kind.H2)) {
            User alice = f.user("101", u -> {
                u.outboundNumber = Patch.of("+31205550101");
                u.dialPermission = Patch.of(DialPermission.NATIONAL);
            });
            User bob = f.user("102");
            Device aliceDesk = f.device("desk1", alice.id());
            Device bobDesk = f.device("desk2", bob.id());
            Device empty = f.device("hot1", null);
            DialPlan plan = new DialPlan(f.view, NL, true, true);

            Route internal = plan.fromDevice(aliceDesk.id(), "102");
            assertEquals(new Route.RingDevice(f.view.user(bob.id()).orElseThrow(), bobDesk.id()), internal);

            Route external = plan.fromDevice(aliceDesk.id(), "0301234567");
            assertEquals(new CallerId("+31205550101", "User 101"), ((Route.Trunk) external).callerId());

            Route abroad = plan.fromDevice(aliceDesk.id(), "+4930123456");
            assertEquals(403, ((Route.Refused) abroad).status());
            assertEquals("Not allowed to call international numbers", ((Route.Refused) abroad).reason());

            Route noUser = plan.fromDevice(empty.id(), "102");
            assertEquals(403, ((Route.Refused) noUser).status());
            assertInstanceOf(Route.Trunk.class, plan.fromDevice(empty.id(), "112"));
            assertInstanceOf(Route.FeatureCode.class, plan.fromDevice(empty.id(), "*35"));
            assertEquals(404, ((Route.Refused) plan.fromDevice(aliceDesk.id(), "999")).status());

            f.hotdesk.login(empty.id(), alice.id(), LoginMethod.FEATURE_CODE);
            assertEquals(new Route.RingDevice(f.view.user(alice.id()).orElseThrow(), empty.id()),
                    plan.fromDevice(bobDesk.id(), "101"), "rings the new device at once");
            assertInstanceOf(Route.Trunk.class, plan.fromDevice(empty.id(), "0301234567"), "the device calls as Alice");
        }
    }

    @Test
    void unreachableUsersGoToVoicemailElseBusyAndTrunkCallsFindTheOutboundNumber() throws Exception {
        try (CoreFixture f = new CoreFixture(TestDatabase.Kind.H2)) {
            User vm = f.user("101", u -> {
                u.voicemailEnabled = Patch.of(true);
                u.outboundNumber = Patch.of("+31205550101");
            });
            User noVm = f.user("102");
            User remote = f.user("103", u -> {
                u.telecommuterAllowed = Patch.of(true);
                u.telecommuterNumber = Patch.of("+31612345678");
            });
            f.modes.setMode(remote.id(), UserMode.TELECOMMUTER, null);
            DialPlan plan = new DialPlan(f.view, NL, true, true);

            assertInstanceOf(Route.Voicemail.class, plan.fromTrunk("+31205550101"));
            assertInstanceOf(Route.Voicemail.class, plan.fromTrunk("0205550101"), "national form of the number");
            assertEquals(noVm.id(), ((Route.Busy) plan.toUser(f.view.user(noVm.id()).orElseThrow())).callee().id());
            assertEquals(new Route.RingTelecommuter(f.view.user(remote.id()).orElseThrow(), "+31612345678"),
                    plan.toUser(f.view.user(remote.id()).orElseThrow()));
            assertEquals(404, ((Route.Refused) plan.fromTrunk("+31209999999")).status());

            DialPlan noVoicemailSystem = new DialPlan(f.view, NL, true, false);
            assertEquals(Route.DiversionReason.UNAVAILABLE,
                    ((Route.Busy) noVoicemailSystem.toUser(f.view.user(vm.id()).orElseThrow())).reason());
        }
    }
}
