using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Delivery;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.FunctionalTests.Delivery;

/// <summary>
/// SQLite's plans for the dispatcher's two queries: each reads an index made for it, so a backlog
/// of waiting notifications (a channel back from an outage) costs a claim its batch, not the whole
/// backlog. Through the queue's old index, SQLite's planner visited and sorted every due row of
/// every channel for each claim of 100 (docs/benchmarks.md). Plans, not timings: a plan is what
/// a change to the query or the indexes can break.
/// </summary>
public sealed partial class OutboxQueryPlanTests() : ConsoleTestBase(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task A_claim_reads_its_channels_rows_in_their_order_from_an_index_and_sorts_nothing()
    {
        var now = DateTimeOffset.UtcNow;
        var sql = Placeholder().Replace(OutboxClaimer.SqliteClaim, match => "@p" + match.Groups[1].Value);

        var plan = await PlanAsync(sql, ("@p0", now.AddMinutes(2).ToUnixTimeMilliseconds()), ("@p1", now.ToUnixTimeMilliseconds()), ("@p2", 100),
            ("@p3", Guid.NewGuid().ToString().ToUpperInvariant()));

        Assert.Contains("USING INDEX IX_OutboxMessages_ChannelId_Priority_NextAttemptAt_Id (ChannelId=?)", plan);
        Assert.DoesNotContain("TEMP B-TREE", plan);
    }

    [Fact]
    public async Task Looking_for_the_channels_with_due_rows_reads_one_index_and_no_row()
    {
        await using var db = await ContextAsync();
        var (sql, parameters) = Statement(new OutboxClaimer(db).DueChannels(DateTimeOffset.UtcNow).ToQueryString());

        var plan = await PlanAsync(sql, parameters);

        Assert.Contains("USING COVERING INDEX IX_OutboxMessages_ChannelId_NextAttemptAt_ClaimedUntil (ChannelId=? AND NextAttemptAt<?)", plan);
    }

    [Fact]
    public async Task Looking_for_rows_left_for_deleted_channels_reads_the_waiting_rows_index_not_the_table()
    {
        await using var db = await ContextAsync();
        var (sql, parameters) = Statement(new OutboxClaimer(db).DeletedChannels(DateTimeOffset.UtcNow).ToQueryString());

        var plan = await PlanAsync(sql, parameters);

        Assert.Contains("COVERING INDEX IX_OutboxMessages_ChannelId_NextAttemptAt_ClaimedUntil", plan);
    }

    private async Task<AppDbContext> ContextAsync() =>
        await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    /// <summary>A query EF wrote for SQLite, as a statement and its parameters (EF writes them as ".param set @name value" lines above it).</summary>
    private static (string Sql, (string Name, object Value)[] Parameters) Statement(string query)
    {
        var lines = query.Split('\n');
        var parameters = lines.Where(line => line.StartsWith(".param set ", StringComparison.Ordinal))
            .Select(line => line.Split(' ', 4)).Select(parts => (parts[2], (object)long.Parse(parts[3].Trim()))).ToArray();
        return (string.Join('\n', lines.Where(line => !line.StartsWith(".param", StringComparison.Ordinal))), parameters);
    }

    /// <summary>SQLite's EXPLAIN QUERY PLAN of a statement, a line per step.</summary>
    private async Task<string> PlanAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var db = await ContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters) command.Parameters.Add(Parameter(command, name, value));
        var plan = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) plan.AppendLine(reader.GetString(reader.GetOrdinal("detail")));
        return plan.ToString();
    }

    private static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = (name, value);
        return parameter;
    }

    [GeneratedRegex(@"\{(\d)\}")]
    private static partial Regex Placeholder();
}
