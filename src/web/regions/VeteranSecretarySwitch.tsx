import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Switch } from 'antd';
import type { RegionDetail } from '../../shared/regions';
import { api, errorMessage } from '../api';
import { zh } from '../locale/zh-CN';
import { regionKeys } from './queries';

const t = zh.regions.veteranSecretary;

/** The village's 兵支书 flag as a switch, saved at once (for those who may manage the village). */
export function VeteranSecretarySwitch({ detail }: { detail: RegionDetail }) {
  const { region } = detail;
  const client = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (veteranSecretary: boolean) =>
      api.put<RegionDetail>(`/api/regions/${encodeURIComponent(region.code)}/veteran-secretary`, {
        veteranSecretary,
      }),
    onSuccess: (saved) => {
      client.setQueryData(regionKeys.detail(region.code), saved);
      // The township's village list shows the flag too.
      if (region.parentCode)
        void client.invalidateQueries({ queryKey: regionKeys.children(region.parentCode) });
      void message.success(
        saved.region.veteranSecretary ? zh.veteranSecretaryEdit.savedOn : zh.veteranSecretaryEdit.savedOff,
      );
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
  const hintId = `rz-veteran-secretary-hint-${region.code}`;
  return (
    <span className="rz-veteran-secretary">
      <Switch
        checked={region.veteranSecretary}
        loading={save.isPending}
        onChange={(on) => save.mutate(on)}
        checkedChildren={t.yes}
        unCheckedChildren={t.no}
        aria-label={t.title}
        aria-describedby={hintId}
      />
      <span className="rz-hint" id={hintId}>
        {t.hint}（{zh.veteranSecretaryEdit.switchHint}）
      </span>
    </span>
  );
}
