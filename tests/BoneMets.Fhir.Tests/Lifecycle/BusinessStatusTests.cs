using BoneMets.Fhir.Lifecycle;
using Hl7.Fhir.Model;
using TaskStatus = Hl7.Fhir.Model.Task.TaskStatus;

namespace BoneMets.Fhir.Tests.Lifecycle;

public sealed class BusinessStatusTests
{
    [Theory]
    [InlineData("2.0", TaskStatus.Requested, RequestStatus.Active)]
    [InlineData("3.0", TaskStatus.Accepted, RequestStatus.Active)]
    [InlineData("4.0", TaskStatus.Rejected, RequestStatus.Revoked)]
    [InlineData("5.1.1", TaskStatus.InProgress, RequestStatus.Active)]
    [InlineData("5.1.2", TaskStatus.InProgress, RequestStatus.Active)]
    [InlineData("5.1.3", TaskStatus.Cancelled, RequestStatus.Revoked)]
    [InlineData("5.1.4", TaskStatus.Completed, RequestStatus.Completed)]
    [InlineData("5.2", TaskStatus.InProgress, RequestStatus.Active)]
    [InlineData("6.0", TaskStatus.Cancelled, RequestStatus.Revoked)]
    [InlineData("7.0", TaskStatus.Completed, RequestStatus.Completed)]
    public void Of_EachBserCode_PairedTaskAndServiceRequestStatus(string code, TaskStatus task, RequestStatus serviceRequest)
    {
        var status = BusinessStatus.Of(code)!;

        Assert.Equal((task, serviceRequest), (status.TaskStatus, status.ServiceRequestStatus));
    }

    [Fact]
    public void Next_TerminalStatuses_GoNowhere()
    {
        var terminal = BusinessStatus.All.Where(s => s.IsTerminal).Select(s => s.Code);

        Assert.Equal(["4.0", "5.1.3", "6.0", "7.0"], terminal);
        Assert.All(BusinessStatus.All.Where(s => s.IsTerminal), s => Assert.Empty(s.Next));
    }

    [Fact]
    public void CanMoveTo_FulfilmentCancelled_FromEveryLiveStatusExceptCompletedEvent()
    {
        var live = BusinessStatus.All.Where(s => !s.IsTerminal && s != BusinessStatus.EventCompleted);

        Assert.All(live, s => Assert.True(s.CanMoveTo(BusinessStatus.FulfilmentCancelled), s.Code));
        Assert.False(BusinessStatus.FulfilmentCancelled.CanMoveTo(BusinessStatus.Accepted));
    }

    [Fact]
    public void CanMoveTo_Scheduled_OnlyFromAcceptedMissedOrCancellationWithdrawn()
    {
        var from = BusinessStatus.All.Where(s => s.CanMoveTo(BusinessStatus.Scheduled)).Select(s => s.Code);

        Assert.Equal(["3.0", "5.1.2", "5.2"], from);
    }
}
