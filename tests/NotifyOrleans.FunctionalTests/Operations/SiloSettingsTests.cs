using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NotifyOrleans.FunctionalTests.Infrastructure;
using NotifyOrleans.Infrastructure.Grains;
using NotifyOrleans.Infrastructure.Persistence;
using Orleans.Configuration;

namespace NotifyOrleans.FunctionalTests.Operations;

/// <summary>The <c>Orleans</c> settings reach the silo as an operator gives them (README, Configuration).</summary>
public sealed class SiloSettingsTests
{
    [Fact]
    public async Task The_grain_directory_cache_is_sized_for_the_apps_jobs_and_an_operator_can_change_it()
    {
        await using var app = new AppFactory(DatabaseProvider.Sqlite) { Settings = new Dictionary<string, string> { ["Orleans:DirectoryCacheSize"] = "5000" } };

        var given = app.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize;

        Assert.Equal(5000, given);
        Assert.Equal(100_000, new SiloSettings().DirectoryCacheSize); // not Orleans' million, reserved up front
    }
}
