using Microsoft.DurableTask.Client;

namespace HateCase.LocalHost;

// The Durable client of the function invocation running now. The Functions host hands a
// DurableTaskClient only to a function that declares a [DurableClient] parameter, so services a
// function calls into read it here: the host that runs the function (the local host, or the
// app's worker middleware under the Functions host) sets it for the length of the invocation.
// A service that asks outside such an invocation is told which function lacks the binding.
public static class InvocationDurableClient
{
    private static readonly AsyncLocal<DurableTaskClient?> Current = new();

    public static DurableTaskClient Client => Current.Value ?? throw new InvalidOperationException(
        "No Durable client is bound to this function invocation: the function must take a [DurableClient] DurableTaskClient parameter.");

    public static bool IsBound => Current.Value is not null;

    public static async Task<T> While<T>(DurableTaskClient client, Func<Task<T>> invocation)
    {
        var outer = Current.Value;
        Current.Value = client;
        try
        {
            return await invocation();
        }
        finally
        {
            Current.Value = outer;
        }
    }
}
