using NotifyOrleans.Infrastructure.SystemEvents;
using Orleans.Runtime;

namespace NotifyOrleans.Web.Hosting;

/// <summary>
/// Failures that are a moment's unavailability, not a fault of the request: answered 503 with
/// Retry-After (a client, Duplicati included, sends again), and not logged with a stack trace per
/// request (an outage of the database had logged 7,000 lines in 40 s; it is logged once, and a
/// System Error tells the admins when it ends).
/// </summary>
public static class Unavailability
{
    /// <summary>What is unavailable and what to do, in words for the page and the problem's detail; null for a real fault.</summary>
    public static string? Of(Exception? failure) => failure switch
    {
        null => null,
        OrleansMessageRejectionException => "A node of the cluster stopped answering, and its jobs are moving to the others. Retry in a few seconds.",
        // A call to a grain on a node that hangs (stopped, swapping) rather than crashed: Orleans' response timeout.
        TimeoutException => "A node of the cluster did not answer in time: it may hang. Its jobs move to the others once it is voted out (about a minute). "
            + "A report sent with a run id may have been kept all the same: sending it again is safe.",
        _ when FaultReporter.IsDatabaseFault(failure) => "The database cannot be reached. Retry in a few seconds; the admins are told when it answers again.",
        _ => null,
    };
}
