import { ApiProperty } from '@nestjs/swagger';

/** How a person appears in any response: `name` is what the caller calls him. */
export class PersonDto {
  @ApiProperty({ example: '6f1c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b' })
  id!: string;

  @ApiProperty({ example: 'lilei2024' })
  username!: string;

  @ApiProperty({ example: '李雷' })
  nickname!: string;

  @ApiProperty({
    description: "The caller's remarked name || contact name || nickname || username",
    example: '雷哥',
  })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: 'https://cdn.example.com/a/lilei.png' })
  avatar_url!: string | null;
}

/** A user's public profile, before the caller's own names for him are applied. */
export interface PublicProfile {
  id: string;
  username: string;
  nickname: string;
  avatarUrl: string | null;
}

/** Builds the person object; `remarkedName` / `contactName` come from the caller's friendship. */
export function toPerson(
  profile: PublicProfile,
  names: { remarkedName?: string | null; contactName?: string | null } = {},
): PersonDto {
  return {
    id: profile.id,
    username: profile.username,
    nickname: profile.nickname,
    name: names.remarkedName || names.contactName || profile.nickname || profile.username,
    avatar_url: profile.avatarUrl,
  };
}
